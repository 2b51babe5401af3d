import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ItemReadModel } from '../../read-models/items/item-read-model';
import { GetItemsQuery } from '../impl/get-items.query';
import type { ItemView } from '../impl/views';

@QueryHandler(GetItemsQuery)
export class GetItemsHandler implements IQueryHandler<GetItemsQuery, ItemView[]> {
  constructor(private readonly items: ItemReadModel) {}

  execute(query: GetItemsQuery): Promise<ItemView[]> {
    return this.items.getMany(query.itemIds);
  }
}
