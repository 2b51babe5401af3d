import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ItemReadModel } from '../../read-models/items/item-read-model';
import { GetItemQuery } from '../impl/get-item.query';
import type { ItemDetailView } from '../impl/views';

@QueryHandler(GetItemQuery)
export class GetItemHandler implements IQueryHandler<GetItemQuery, ItemDetailView | null> {
  constructor(private readonly items: ItemReadModel) {}

  execute(query: GetItemQuery): Promise<ItemDetailView | null> {
    return this.items.detail(query.itemId);
  }
}
