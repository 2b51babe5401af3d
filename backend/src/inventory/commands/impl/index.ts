export * from './adjust-stock.command';
export * from './archive-item.command';
export * from './command-context';
export * from './create-item.command';
export * from './issue-stock.command';
export * from './receive-stock.command';
export * from './restore-item.command';
export * from './update-item.command';
