import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ItemReadModel } from '../../read-models/items/item-read-model';
import { GetItemByCodeQuery } from '../impl/get-item-by-code.query';
import type { ItemDetailView } from '../impl/views';

@QueryHandler(GetItemByCodeQuery)
export class GetItemByCodeHandler implements IQueryHandler<GetItemByCodeQuery, ItemDetailView | null> {
  constructor(private readonly items: ItemReadModel) {}

  execute(query: GetItemByCodeQuery): Promise<ItemDetailView | null> {
    return this.items.byCode(query.code);
  }
}
