import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { HistoryReadModel, type Page } from '../../read-models/history/history-read-model';
import { ExportStockMovementsQuery } from '../impl/export-stock-movements.query';
import type { StockMovementFilter } from '../impl/list-stock-movements.query';
import type { ListedStockMovement } from '../impl/views';

const EXPORT_BATCH = 1000;

@QueryHandler(ExportStockMovementsQuery)
export class ExportStockMovementsHandler implements IQueryHandler<ExportStockMovementsQuery, AsyncIterable<ListedStockMovement>> {
  constructor(private readonly history: HistoryReadModel) {}

  /** The first page is read before answering: a read model that cannot be read is an error response, not an empty download. */
  async execute({ filter }: ExportStockMovementsQuery): Promise<AsyncIterable<ListedStockMovement>> {
    return this.rest(filter, await this.history.movements(filter, EXPORT_BATCH, undefined));
  }

  /** Seeks page after page by (at, position): a movement recorded during the download is newer than the first row, never half-included. */
  private async *rest(filter: StockMovementFilter, first: Page<ListedStockMovement>): AsyncGenerator<ListedStockMovement> {
    let page = first;
    for (;;) {
      yield* page.rows;
      const last = page.rows.at(-1);
      if (!page.more || !last) return;
      page = await this.history.movements(filter, EXPORT_BATCH, { position: last.position });
    }
  }
}
