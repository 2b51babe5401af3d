import { ExportStockMovementsHandler } from './export-stock-movements.handler';
import { GetItemHistoryHandler } from './get-item-history.handler';
import { GetItemHandler } from './get-item.handler';
import { GetItemByCodeHandler } from './get-item-by-code.handler';
import { GetItemsHandler } from './get-items.handler';
import { GetStockAtHandler } from './get-stock-at.handler';
import { ListItemsHandler } from './list-items.handler';
import { ListStockMovementsHandler } from './list-stock-movements.handler';

/** Answered from the inventory's read models. */
export const QueryHandlers = [
  GetItemHandler,
  GetItemByCodeHandler,
  GetItemsHandler,
  ListItemsHandler,
  GetItemHistoryHandler,
  GetStockAtHandler,
  ListStockMovementsHandler,
  ExportStockMovementsHandler,
];
