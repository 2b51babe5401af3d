import { ENTRY_TYPE, ITEM_EVENTS, QUANTITY_AFTER } from '../inventory-event-sql';
import { IN_RANGE, isLive, rangeParameters, type Projection } from '../projection';
import { HistoryProjected, type HistoryChange } from '../projection-updated.event';
import { HISTORY_COLUMNS, toHistoryEntry, type HistoryRow } from './history-row';

export const HISTORY = 'history';
const TABLE = 'read_item_history';

/**
 * `read_item_history`: one row per inventory event, keyed by its position, so re-applying an
 * event inserts nothing. It answers an item's history, the stock movements list and stock-at.
 * A rebuild inserts into an unkeyed copy, whose primary key is built once the rows are in.
 */
export const historyProjection: Projection<HistoryChange> = {
  name: HISTORY,
  tables: [TABLE],

  async apply(range, transaction, tables, announce) {
    const { rows } = await transaction.query<HistoryRow>(
      `INSERT INTO "${tables(TABLE)}" (${HISTORY_COLUMNS})
       SELECT e.position, (e.data->>'itemId')::uuid, e.stream_version, ${ENTRY_TYPE}, e.recorded_at,
              e.metadata->>'userId', e.metadata->>'username',
              nullif(e.data->'before', 'null'), CASE e.type WHEN 'ItemChanged' THEN e.data->'after' END,
              coalesce((e.data->>'quantityBefore')::bigint, (e.data->>'quantity')::bigint), ${QUANTITY_AFTER},
              CASE e.type WHEN 'StockMoved' THEN (e.data->>'quantity')::bigint END,
              (e.data->>'movementId')::uuid, e.data->>'reason', e.data->>'note'
         FROM events e
        WHERE ${IN_RANGE} AND ${ITEM_EVENTS}
       ${isLive(tables) ? 'ON CONFLICT (position) DO NOTHING' : ''}
       ${announce ? `RETURNING ${HISTORY_COLUMNS}` : ''}`,
      rangeParameters(range),
    );
    return rows
      .sort((a, b) => a.position - b.position)
      .map((row) => ({ itemId: row.item_id, position: row.position, version: row.version, type: row.type, entry: toHistoryEntry(row) }));
  },

  announcement: (changes) => new HistoryProjected(HISTORY, changes),
};
