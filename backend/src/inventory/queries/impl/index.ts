export * from './cursors';
export * from './export-stock-movements.query';
export * from './get-item-history.query';
export * from './get-item.query';
export * from './get-stock-at.query';
export * from './list-items.query';
export * from './list-stock-movements.query';
export * from './views';
