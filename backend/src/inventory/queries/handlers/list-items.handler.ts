import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ItemReadModel } from '../../read-models/items/item-read-model';
import { itemsCursor } from '../impl/cursors';
import { ListItemsQuery, type ItemList } from '../impl/list-items.query';

@QueryHandler(ListItemsQuery)
export class ListItemsHandler implements IQueryHandler<ListItemsQuery, ItemList> {
  constructor(private readonly items: ItemReadModel) {}

  async execute(query: ListItemsQuery): Promise<ItemList> {
    const { items, more } = await this.items.list({
      search: query.search,
      lowStock: query.lowStock,
      includeArchived: query.includeArchived,
      limit: query.limit,
      after: query.cursor,
    });
    const last = items.at(-1);
    return { items, nextCursor: more && last ? itemsCursor.encode({ sku: last.sku }) : null };
  }
}
