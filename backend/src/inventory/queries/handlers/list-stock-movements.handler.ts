import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { HistoryReadModel } from '../../read-models/history/history-read-model';
import { positionCursor } from '../impl/cursors';
import { ListStockMovementsQuery, type StockMovementList } from '../impl/list-stock-movements.query';

@QueryHandler(ListStockMovementsQuery)
export class ListStockMovementsHandler implements IQueryHandler<ListStockMovementsQuery, StockMovementList> {
  constructor(private readonly history: HistoryReadModel) {}

  async execute(query: ListStockMovementsQuery): Promise<StockMovementList> {
    const { rows, more } = await this.history.movements(query.filter, query.limit, query.cursor);
    const last = rows.at(-1);
    return { movements: rows, nextCursor: more && last ? positionCursor.encode({ position: last.position }) : null };
  }
}
