import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { HistoryReadModel } from '../../read-models/history/history-read-model';
import { ItemReadModel } from '../../read-models/items/item-read-model';
import { positionCursor } from '../impl/cursors';
import { GetItemHistoryQuery, type ItemHistory } from '../impl/get-item-history.query';

@QueryHandler(GetItemHistoryQuery)
export class GetItemHistoryHandler implements IQueryHandler<GetItemHistoryQuery, ItemHistory | null> {
  constructor(
    private readonly items: ItemReadModel,
    private readonly history: HistoryReadModel,
  ) {}

  async execute(query: GetItemHistoryQuery): Promise<ItemHistory | null> {
    if (!(await this.items.exists(query.itemId))) return null;
    const { rows, more } = await this.history.history(query.itemId, query.limit, query.cursor);
    const last = rows.at(-1);
    return { entries: rows, nextCursor: more && last ? positionCursor.encode({ position: last.position }) : null };
  }
}
