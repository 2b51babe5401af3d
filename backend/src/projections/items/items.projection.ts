import type { HistoryEntryType } from '../../inventory/queries/impl/views';
import { ENTRY_TYPE, ITEM_EVENTS, QUANTITY_AFTER } from '../inventory-event-sql';
import { IN_RANGE, rangeParameters, type Projection } from '../projection';
import { ItemsProjected, type ItemChange } from '../projection-updated.event';
import { ITEM_COLUMNS, toItemView, type ItemRow } from './item-row';

export const ITEMS = 'items';
const TABLE = 'read_items';

/** One item event of a live batch, with the item as the batch left it when the event was fresh. */
interface AnnouncedEvent extends Partial<ItemRow> {
  event_position: number;
  event_version: number;
  item_id: string;
  type: HistoryEntryType;
  fresh: boolean;
}

export const itemsProjection: Projection<ItemChange> = {
  name: ITEMS,
  tables: [TABLE],
  keyedDuringRebuild: [TABLE],

  async apply(range, transaction, tables, announce) {
    const table = `"${tables(TABLE)}"`;
    if (!announce) {
      await transaction.query(`WITH ${lastStates} ${upsert(table)}`, rangeParameters(range));
      return [];
    }
    // One round trip: every statement part sees the rows as they were, so an event is fresh when its
    // version is newer than its row's, and the upsert returns each changed item as the batch leaves it.
    const { rows } = await transaction.query<AnnouncedEvent>(
      `WITH ${lastStates},
       upserted AS (${upsert(table)} RETURNING ${UPSERTED_COLUMNS})
       SELECT e.position AS event_position, e.stream_version AS event_version, e.data->>'itemId' AS item_id,
              ${ENTRY_TYPE} AS type, e.stream_version > coalesce(before.version, 0) AS fresh, u.*
         FROM batch e
         LEFT JOIN ${table} before ON before.id = (e.data->>'itemId')::uuid
         LEFT JOIN upserted u ON u.id = (e.data->>'itemId')::uuid
        ORDER BY e.transaction_id, e.position`,
      rangeParameters(range),
    );
    return rows.flatMap((row): ItemChange[] =>
      row.fresh && row.id !== undefined && row.id !== null
        ? [{ itemId: row.item_id, position: row.event_position, version: row.event_version, type: row.type, item: toItemView(row as ItemRow) }]
        : [],
    );
  },

  announcement: (changes) => new ItemsProjected(ITEMS, changes),
};

/** The item as the upsert leaves it, for the announcement. */
const UPSERTED_COLUMNS = ITEM_COLUMNS.split(', ').map((column) => `t.${column}`).join(', ');

/** The batch's item events (`batch`), and each item's last event and last `ItemChanged` in it. */
const lastStates = `
  batch AS MATERIALIZED (
    SELECT e.transaction_id, e.stream_id, e.stream_version, e.type, e.data, e.recorded_at, e.position
      FROM events e WHERE ${IN_RANGE} AND ${ITEM_EVENTS}),
  last_event AS (
    SELECT DISTINCT ON (e.stream_id)
           (e.data->>'itemId')::uuid AS id, e.stream_version AS version, e.recorded_at AS at, e.position,
           ${QUANTITY_AFTER} AS quantity
      FROM batch e ORDER BY e.stream_id, e.stream_version DESC),
  last_change AS (
    SELECT DISTINCT ON (e.stream_id)
           (e.data->>'itemId')::uuid AS id, e.data->'after' AS f, e.data->>'kind' = 'archived' AS archived
      FROM batch e WHERE e.type = 'ItemChanged' ORDER BY e.stream_id, e.stream_version DESC)`;

/**
 * One upsert per item of the batch: the fields from its last `ItemChanged` (or as the row has them),
 * the quantity from its last event, guarded by the stream version so that re-applied events change nothing.
 */
const upsert = (table: string) => `
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
     WHERE t.version < excluded.version`;
