import { isLive, type Projection } from '../../../projections';
import { expectedHistory, inventoryRecord, type ExpectedHistory } from '../expected-rows';
import { ENTRY_TYPE, INVENTORY_EVENTS, LOCATION_ID, QUANTITY_AFTER, QUANTITY_BEFORE, TO_LOCATION_ID } from '../inventory-event-sql';
import { HistoryProjected, type HistoryChange } from '../projected.events';
import { HISTORY_COLUMNS, toHistoryEntry, type HistoryRow } from './history-row';

const HISTORY = 'history';
const TABLE = 'read_item_history';

/**
 * `read_item_history`: one row per inventory event, keyed by its position, so re-applying an
 * event inserts nothing. It answers an item's history, the stock movements list and stock-at.
 * A rebuild inserts into an unkeyed copy, whose primary key is built once the rows are in.
 */
export const historyProjection = {
  name: HISTORY,
  version: 1,
  handles: INVENTORY_EVENTS,
  tables: [TABLE],

  async apply({ events, parameters, tables, announce }, transaction) {
    const { rows } = await transaction.last<HistoryRow>(
      `INSERT INTO "${tables(TABLE)}" (${HISTORY_COLUMNS})
       SELECT e.position, (e.data->>'itemId')::uuid, e.stream_version, ${ENTRY_TYPE}, e.recorded_at,
              e.metadata->>'userId', e.metadata->>'username',
              CASE e.type WHEN 'ItemChanged' THEN nullif(e.data->'before', 'null') END,
              CASE e.type WHEN 'ItemChanged' THEN e.data->'after' END,
              ${QUANTITY_BEFORE}, ${QUANTITY_AFTER},
              CASE WHEN e.type IN ('StockMoved', 'StockTransferred') THEN (e.data->>'quantity')::bigint END,
              coalesce(e.data->>'movementId', e.data->>'transferId')::uuid, e.data->>'reason', e.data->>'note', ${LOCATION_ID}, ${TO_LOCATION_ID},
              (e.data->>'reverses')::uuid,
              CASE e.type WHEN 'LocationThresholdSet' THEN (e.data->>'before')::integer END,
              CASE e.type WHEN 'LocationThresholdSet' THEN (e.data->>'after')::integer END
         FROM events e
        WHERE ${events}
       ${isLive(tables) ? 'ON CONFLICT (position) DO NOTHING' : ''}
       ${announce ? `RETURNING ${HISTORY_COLUMNS}` : ''}`,
      parameters,
    );
    return rows
      .sort((a, b) => a.position - b.position)
      .map((row) => ({ itemId: row.item_id, position: row.position, version: row.version, type: row.type, entry: toHistoryEntry(row) }));
  },

  /** Compares the rows page by page with an entry computed from each event; rows of no event show too. */
  async verify(check) {
    const asModel = (row: HistoryRow) => ({
      ...toHistoryEntry(row),
      itemId: row.item_id,
      version: row.version,
      locationId: row.location_id,
    });
    const compareRange = async (from: number, to: number | null, expected: readonly ExpectedHistory[]) => {
      const { rows } = await check.db.query<HistoryRow>(
        `SELECT ${HISTORY_COLUMNS} FROM read_item_history WHERE position > $1 AND ($2::bigint IS NULL OR position <= $2) ORDER BY position`,
        [from, to],
      );
      const wanted = new Map(expected.map((entry) => [entry.position, entry]));
      for (const row of rows) {
        check.compare(String(row.position), asModel(row), wanted.get(row.position));
        wanted.delete(row.position);
      }
      for (const [position, entry] of wanted) check.compare(String(position), undefined, entry);
      return rows.length;
    };
    let checked = 0;
    let after = 0;
    for await (const page of check.events()) {
      const last = page.at(-1);
      if (last === undefined) continue;
      const to = last.position;
      checked += await compareRange(
        after,
        to,
        page.map((event) => expectedHistory(inventoryRecord(event))),
      );
      after = to;
    }
    return checked + (await compareRange(after, null, []));
  },

  announcement: (changes) => new HistoryProjected(HISTORY, changes),
} satisfies Projection<HistoryChange>;
