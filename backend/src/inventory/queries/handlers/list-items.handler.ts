import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ItemReadModel } from '../../read-models/items/item-read-model';
import { InvalidCursorError, itemsCursor } from '../impl/cursors';
import { ListItemsQuery, type ItemList } from '../impl/list-items.query';

@QueryHandler(ListItemsQuery)
export class ListItemsHandler implements IQueryHandler<ListItemsQuery, ItemList> {
  constructor(private readonly items: ItemReadModel) {}

  async execute(query: ListItemsQuery): Promise<ItemList> {
    const sort = query.options.sort ?? 'sku';
    if (query.cursor && query.cursor.sort !== sort) throw new InvalidCursorError();
    const { items, next } = await this.items.list({
      search: query.search,
      lowStock: query.lowStock,
      archived: query.options.archived ?? false,
      locationId: query.options.locationId,
      notCountedSince: query.options.notCountedSince,
      sort,
      limit: query.limit,
      after: query.cursor,
    });
    return { items, nextCursor: next ? itemsCursor.encode({ sort, ...next }) : null };
  }
}
