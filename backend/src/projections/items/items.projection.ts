import type { PoolClient } from 'pg';
import type { HistoryEntryType } from '../../inventory/queries/impl/views';
import { ENTRY_TYPE, ITEM_EVENTS, QUANTITY_AFTER } from '../inventory-event-sql';
import { IN_RANGE, rangeParameters, type EventRange, type Projection } from '../projection';
import { ItemsProjected, type ItemChange } from '../projection-updated.event';
import { ITEM_COLUMNS, toItemView, type ItemRow } from './item-row';

export const ITEMS = 'items';
const TABLE = 'read_items';

interface BatchEvent {
  position: number;
  version: number;
  item_id: string;
  type: HistoryEntryType;
  fresh: boolean;
}

/**
 * `read_items`: each item's latest state. Set-based: a batch is read once and folds to one upsert
 * per item in SQL, the fields from the item's last `ItemChanged` in the batch (or as the row has
 * them), the quantity from its last event, guarded by the stream version so that re-applied
 * events change nothing.
 */
export const itemsProjection: Projection<ItemChange> = {
  name: ITEMS,
  tables: [TABLE],
  keyedDuringRebuild: [TABLE],

  async apply(range, transaction, tables, announce) {
    const table = `"${tables(TABLE)}"`;
    const events = announce ? await batchEvents(transaction, range, table) : [];
    await transaction.query(
      `WITH batch AS MATERIALIZED (
         SELECT e.stream_id, e.stream_version, e.type, e.data, e.recorded_at, e.position
           FROM events e WHERE ${IN_RANGE} AND ${ITEM_EVENTS}),
       last_event AS (
         SELECT DISTINCT ON (e.stream_id)
                (e.data->>'itemId')::uuid AS id, e.stream_version AS version, e.recorded_at AS at, e.position,
                ${QUANTITY_AFTER} AS quantity
           FROM batch e ORDER BY e.stream_id, e.stream_version DESC),
       last_change AS (
         SELECT DISTINCT ON (e.stream_id)
                (e.data->>'itemId')::uuid AS id, e.data->'after' AS f, e.data->>'kind' = 'archived' AS archived
           FROM batch e WHERE e.type = 'ItemChanged' ORDER BY e.stream_id, e.stream_version DESC)
       INSERT INTO ${table} AS t
              (id, sku, name, description, unit, low_stock_threshold, price, archived, quantity, version, updated_at, position)
       SELECT last.id,
              CASE WHEN c.id IS NULL THEN cur.sku ELSE c.f->>'sku' END,
              CASE WHEN c.id IS NULL THEN cur.name ELSE c.f->>'name' END,
              CASE WHEN c.id IS NULL THEN cur.description ELSE c.f->>'description' END,
              CASE WHEN c.id IS NULL THEN cur.unit ELSE c.f->>'unit' END,
              CASE WHEN c.id IS NULL THEN cur.low_stock_threshold ELSE (c.f->>'lowStockThreshold')::bigint END,
              CASE WHEN c.id IS NULL THEN cur.price ELSE (c.f->>'price')::numeric END,
              CASE WHEN c.id IS NULL THEN cur.archived ELSE c.archived END,
              last.quantity, last.version, last.at, last.position
         FROM last_event last
         LEFT JOIN last_change c ON c.id = last.id
         LEFT JOIN ${table} cur ON cur.id = last.id
        WHERE c.id IS NOT NULL OR cur.id IS NOT NULL
       ON CONFLICT (id) DO UPDATE
          SET sku = excluded.sku, name = excluded.name, description = excluded.description, unit = excluded.unit,
              low_stock_threshold = excluded.low_stock_threshold, price = excluded.price, archived = excluded.archived,
              quantity = excluded.quantity, version = excluded.version, updated_at = excluded.updated_at,
              position = excluded.position
        WHERE t.version < excluded.version`,
      rangeParameters(range),
    );
    return announce ? changesOf(transaction, table, events) : [];
  },

  announcement: (changes) => new ItemsProjected(ITEMS, changes),
};

/** The batch's item events in order, each marked fresh when the row had not reflected it yet. */
async function batchEvents(transaction: PoolClient, range: EventRange, table: string): Promise<BatchEvent[]> {
  const { rows } = await transaction.query<BatchEvent>(
    `SELECT e.position, e.stream_version AS version, e.data->>'itemId' AS item_id, ${ENTRY_TYPE} AS type,
            e.stream_version > coalesce(t.version, 0) AS fresh
       FROM events e
       LEFT JOIN ${table} t ON t.id = (e.data->>'itemId')::uuid
      WHERE ${IN_RANGE} AND ${ITEM_EVENTS}
      ORDER BY e.transaction_id, e.position`,
    rangeParameters(range),
  );
  return rows;
}

async function changesOf(transaction: PoolClient, table: string, events: readonly BatchEvent[]): Promise<ItemChange[]> {
  const fresh = events.filter((event) => event.fresh);
  if (fresh.length === 0) return [];
  const { rows } = await transaction.query<ItemRow>(`SELECT ${ITEM_COLUMNS} FROM ${table} WHERE id = ANY($1::uuid[])`, [
    [...new Set(fresh.map((event) => event.item_id))],
  ]);
  const items = new Map(rows.map((row) => [row.id, toItemView(row)]));
  return fresh.flatMap(({ position, version, item_id: itemId, type }) => {
    const item = items.get(itemId);
    return item ? [{ itemId, position, version, type, item }] : [];
  });
}
