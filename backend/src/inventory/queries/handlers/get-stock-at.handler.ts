import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { HistoryReadModel } from '../../read-models/history/history-read-model';
import { ItemReadModel } from '../../read-models/items/item-read-model';
import { GetStockAtQuery, type StockAt } from '../impl/get-stock-at.query';

@QueryHandler(GetStockAtQuery)
export class GetStockAtHandler implements IQueryHandler<GetStockAtQuery, StockAt | null> {
  constructor(
    private readonly items: ItemReadModel,
    private readonly history: HistoryReadModel,
  ) {}

  /** Only a time with no event of the item before it asks whether the item exists: one read in the common case. */
  async execute(query: GetStockAtQuery): Promise<StockAt | null> {
    const { itemId, at, locationId } = query;
    const stock = await (locationId === undefined
      ? this.history.stockAt(itemId, at)
      : this.history.stockAtLocation(itemId, at, locationId));
    if (stock) return stock;
    return (await this.items.exists(itemId)) ? { quantity: 0, position: null } : null;
  }
}
