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

  async execute(query: GetStockAtQuery): Promise<StockAt | null> {
    if (!(await this.items.exists(query.itemId))) return null;
    const { itemId, at, locationId } = query;
    const stock = locationId === undefined ? this.history.stockAt(itemId, at) : this.history.stockAtLocation(itemId, at, locationId);
    return (await stock) ?? { quantity: 0, position: null };
  }
}
