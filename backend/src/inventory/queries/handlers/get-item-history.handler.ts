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

  /** An item's history has its creation at least: only an empty page asks whether the item exists. */
  async execute(query: GetItemHistoryQuery): Promise<ItemHistory | null> {
    const { rows, more } = await this.history.history(query.itemId, query.limit, query.cursor);
    if (rows.length === 0 && !(await this.items.exists(query.itemId))) return null;
    const last = rows.at(-1);
    return { entries: rows, nextCursor: more && last ? positionCursor.encode({ position: last.position }) : null };
  }
}
