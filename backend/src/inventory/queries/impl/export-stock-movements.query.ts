import { Query } from '@nestjs/cqrs';
import type { StockMovementFilter } from './list-stock-movements.query';
import type { ListedStockMovement } from './views';

/** Every stock movement matching the filter, newest first, read a page at a time as the consumer pulls. */
export class ExportStockMovementsQuery extends Query<AsyncIterable<ListedStockMovement>> {
  constructor(public readonly filter: StockMovementFilter) {
    super();
  }
}
