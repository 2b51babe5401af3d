import { Injectable } from '@nestjs/common';
import { LiveFeedSources, type FeedEntry, type FeedSource } from '../../live';
import { IN_RANGE, liveCheckpoint, rangeParameters } from '../../projections';
import type { StocktakeChangedData } from '../domain/stocktake-events';
import type { StocktakeChange } from '../queries/impl/views';
import { stocktakesProjection } from './stocktakes.projection';

interface StocktakeEventRow {
  position: number;
  transaction_id: string;
  data: StocktakeChangedData;
  correlation_id: string | null;
}

/** What changed, never a figure a counter must not see: a client refetches the stocktake (blind or not) on it. */
const changeOf = (data: StocktakeChangedData): StocktakeChange => ({
  id: data.stocktakeId,
  kind: data.kind,
  status: data.kind === 'posted' ? 'posted' : 'open',
  itemId: data.kind === 'counted' ? data.itemId : null,
});

/** `stocktake.changed` on the WebSocket: one message per `StocktakeChanged`, once the stocktakes projection has it. */
const stocktakesFeedSource: FeedSource = {
  name: 'stocktakes',
  checkpoints: [liveCheckpoint(stocktakesProjection.name)],
  async read(range, db) {
    const { rows } = await db.query<StocktakeEventRow>(
      `SELECT e.position, e.transaction_id::text AS transaction_id, e.data, e.metadata->>'correlationId' AS correlation_id
         FROM events e
        WHERE ${IN_RANGE} AND e.type = 'StocktakeChanged'`,
      rangeParameters(range),
    );
    return rows.map((row): FeedEntry => ({
      type: 'stocktake.changed',
      position: row.position,
      transactionId: row.transaction_id,
      data: changeOf(row.data),
      correlationId: row.correlation_id,
    }));
  },
};

/** Adds the stocktakes' messages to the live feed's sources while the app is being built. */
@Injectable()
export class StocktakesLiveFeed {
  constructor(sources: LiveFeedSources) {
    sources.add(stocktakesFeedSource);
  }
}
