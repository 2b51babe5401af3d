import { Injectable } from '@nestjs/common';
import { LiveFeedSources, type FeedEntry, type FeedSource, type LiveType } from '../../live';
import { inRangeOfAppliedTypes, liveCheckpoint, rangeParameters } from '../../projections';
import type { HistoryEntryType } from '../queries/impl/views';
import { toStockMovementView, type HistoryRow } from './history/history-row';
import { historyProjection } from './history/history.projection';
import { ITEM_COLUMNS, toItemView, type ItemRow } from './items/item-row';
import { itemsProjection } from './items/items.projection';
import { stockProjection } from './stock/stock.projection';

const MESSAGE_TYPE: Record<HistoryEntryType, LiveType> = {
  created: 'item.created',
  updated: 'item.updated',
  archived: 'item.archived',
  restored: 'item.restored',
  IN: 'stock.moved',
  OUT: 'stock.moved',
  ADJUST: 'stock.moved',
  threshold: 'item.updated',
  TRANSFER: 'stock.transferred',
};

/** What a stock message carries besides the item: the movement, or the transfer (both as the movements list shows them). */
const STOCK_KEY: Partial<Record<LiveType, 'movement' | 'transfer'>> = { 'stock.moved': 'movement', 'stock.transferred': 'transfer' };

const ITEM_FIELDS = ITEM_COLUMNS.split(', ') as (keyof ItemRow)[];
/** The `read_items` row beside the history row, its columns prefixed so that the two do not collide. */
const ITEM_SELECT = ITEM_FIELDS.map((column) => `i.${column} AS item_${column}`).join(', ');

type Row = HistoryRow & { transaction_id: string; correlation_id: string | null } & Record<`item_${keyof ItemRow}`, unknown>;

const itemRowOf = (row: Row) => Object.fromEntries(ITEM_FIELDS.map((column) => [column, row[`item_${column}`]])) as unknown as ItemRow;

/**
 * item.*, stock.moved and stock.transferred, once the items, the history and the stock projections have
 * the event (the stock too, so that an item's per-location breakdown fetched on a message shows the move). The
 * movement is its history row; the item is `read_items` as the API answers it when the message is
 * read, so at or after the event (a burst of movements on one item may all carry its latest state).
 */
export const inventoryFeedSource: FeedSource = {
  name: 'inventory',
  checkpoints: [liveCheckpoint(itemsProjection.name), liveCheckpoint(historyProjection.name), liveCheckpoint(stockProjection.name)],

  async read(range, db) {
    const { rows } = await db.query<Row>(
      `SELECT h.*, e.transaction_id::text AS transaction_id, e.metadata->>'correlationId' AS correlation_id, ${ITEM_SELECT}
         FROM events e
         JOIN read_item_history h ON h.position = e.position
         JOIN read_items i ON i.id = h.item_id
        WHERE ${inRangeOfAppliedTypes(historyProjection.handles)}`,
      rangeParameters(range),
    );
    return rows.map((row): FeedEntry => {
      const item = toItemView(itemRowOf(row));
      const type = MESSAGE_TYPE[row.type];
      const key = STOCK_KEY[type];
      const data = key ? { [key]: toStockMovementView(row), item } : item;
      return { type, position: row.position, transactionId: row.transaction_id, data, correlationId: row.correlation_id };
    });
  },
};

/** Adds the inventory's messages to the live feed's sources while the app is being built. */
@Injectable()
export class InventoryLiveFeed {
  constructor(sources: LiveFeedSources) {
    sources.add(inventoryFeedSource);
  }
}
