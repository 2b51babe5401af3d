import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ItemReadModel } from '../../read-models/items/item-read-model';
import { GetItemQuery } from '../impl/get-item.query';
import type { ItemView } from '../impl/views';

@QueryHandler(GetItemQuery)
export class GetItemHandler implements IQueryHandler<GetItemQuery, ItemView | null> {
  constructor(private readonly items: ItemReadModel) {}

  execute(query: GetItemQuery): Promise<ItemView | null> {
    return this.items.get(query.itemId);
  }
}
