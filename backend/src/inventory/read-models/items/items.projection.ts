import type { Projection } from '../../../projections';
import type { HistoryEntryType } from '../../queries/impl/views';
import { ItemFold, inventoryRecord, type ExpectedItem } from '../expected-rows';
import { ENTRY_TYPE, INVENTORY_EVENTS, QUANTITY_AFTER } from '../inventory-event-sql';
import { ItemsProjected, type ItemChange } from '../projected.events';
import { ITEM_COLUMNS, toItemView, type ItemRow } from './item-row';

export const ITEMS = 'items';
const TABLE = 'read_items';

/** The row of an outer join's missing side: every column null. */
type OrNull<Row> = { [Column in keyof Row]: Row[Column] | null };

/** One item event of a live batch, with the item as the batch left it when the event was fresh (all null when it was not). */
interface AnnouncedEvent extends OrNull<ItemRow> {
  event_position: number;
  event_version: number;
  item_id: string;
  type: HistoryEntryType;
  fresh: boolean;
  has_location_thresholds: boolean;
}

/** `read_items`: one row per item, as its last event left it; the items list, an item, low stock. */
export const itemsProjection = {
  name: ITEMS,
  version: 1,
  handles: INVENTORY_EVENTS,
  tables: [TABLE],
  keyedDuringRebuild: [TABLE],

  async apply({ events, parameters, tables, announce }, transaction) {
    const table = `"${tables(TABLE)}"`;
    if (!announce) {
      await transaction.last(`WITH ${lastStates(events)} ${upsert(table)}`, parameters);
      return [];
    }
    // One round trip: every statement part sees the rows as they were, so an event is fresh when its
    // version is newer than its row's, and the upsert returns each changed item as the batch leaves it.
    const { rows } = await transaction.last<AnnouncedEvent>(
      `WITH ${lastStates(events)},
       upserted AS (${upsert(table)} RETURNING ${UPSERTED_COLUMNS})
       SELECT e.position AS event_position, e.stream_version AS event_version, e.data->>'itemId' AS item_id,
              ${ENTRY_TYPE} AS type, e.stream_version > coalesce(before.version, 0) AS fresh,
              EXISTS (SELECT FROM events t WHERE t.stream_id = e.stream_id AND t.type = 'LocationThresholdSet') AS has_location_thresholds,
              u.*
         FROM batch e
         LEFT JOIN ${table} before ON before.id = e.item_id
         LEFT JOIN upserted u ON u.id = e.item_id
        ORDER BY e.transaction_id, e.position`,
      parameters,
    );
    return rows.flatMap((row): ItemChange[] =>
      row.fresh && row.id !== null
        ? [
            {
              itemId: row.item_id,
              position: row.event_position,
              version: row.event_version,
              type: row.type,
              item: toItemView(row as ItemRow),
              hasLocationThresholds: row.has_location_thresholds,
            },
          ]
        : [],
    );
  },

  /** Compares `read_items` with the domain's own fold of every item's events. */
  async verify(check) {
    const fold = new ItemFold();
    for await (const page of check.events()) for (const event of page) fold.add(inventoryRecord(event));
    const expected = new Map<string, ExpectedItem>([...fold.expected()].map((item) => [item.id, item]));
    const { rows } = await check.db.query<ItemRow>(`SELECT ${ITEM_COLUMNS} FROM read_items`);
    for (const row of rows) {
      check.compare(row.id, { ...toItemView(row), position: row.position }, expected.get(row.id));
      expected.delete(row.id);
    }
    for (const [id, item] of expected) check.compare(id, undefined, item);
    return rows.length;
  },

  announcement: (changes) => new ItemsProjected(ITEMS, changes),
} satisfies Projection<ItemChange>;

/** The item as the upsert leaves it, for the announcement. */
const UPSERTED_COLUMNS = ITEM_COLUMNS.split(', ')
  .map((column) => `t.${column}`)
  .join(', ');

/**
 * The batch's item events (`batch`), and each item's last event in it carrying the data of its last
 * `ItemChanged` in it (null if none). One sort for both: a join of the two, which the planner
 * expects to be one row each, was a nested loop over every change for every item of a large batch.
 * The item id is read from each event's data once: the announcement's join of every event with
 * every upserted item, a nested loop for the same reason, read it for each pair (11.5 of 17.5 ms
 * for a batch of 180 movements).
 */
const lastStates = (events: string) => `
  batch AS MATERIALIZED (
    SELECT e.transaction_id, e.stream_id, e.stream_version, e.type, e.data, e.recorded_at, e.position,
           (e.data->>'itemId')::uuid AS item_id
      FROM events e WHERE ${events}),
  last_event AS (
    SELECT DISTINCT ON (e.stream_id)
           e.item_id AS id, e.stream_version AS version, e.recorded_at AS at, e.position,
           ${QUANTITY_AFTER} AS quantity, e.changes[1] AS change
      FROM (SELECT b.*, array_agg(b.data) FILTER (WHERE b.type = 'ItemChanged')
                          OVER (PARTITION BY b.stream_id ORDER BY b.stream_version DESC
                                ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS changes
              FROM batch b) e
     ORDER BY e.stream_id, e.stream_version DESC)`;

/**
 * One upsert per item of the batch: the fields from its last `ItemChanged` (or as the row has them),
 * the quantity from its last event, guarded by the stream version so that re-applied events change nothing.
 */
const upsert = (table: string) => `
    INSERT INTO ${table} AS t
           (id, sku, name, description, unit, low_stock_threshold, price, barcode, archived, quantity, version, updated_at, position,
            reorder_point, reorder_quantity, lead_time_days)
    SELECT last.id,
           CASE WHEN c.id IS NULL THEN cur.sku ELSE c.f->>'sku' END,
           CASE WHEN c.id IS NULL THEN cur.name ELSE c.f->>'name' END,
           CASE WHEN c.id IS NULL THEN cur.description ELSE c.f->>'description' END,
           CASE WHEN c.id IS NULL THEN cur.unit ELSE c.f->>'unit' END,
           CASE WHEN c.id IS NULL THEN cur.low_stock_threshold ELSE (c.f->>'lowStockThreshold')::bigint END,
           CASE WHEN c.id IS NULL THEN cur.price ELSE (c.f->>'price')::numeric END,
           CASE WHEN c.id IS NULL THEN cur.barcode ELSE c.f->>'barcode' END,
           CASE WHEN c.id IS NULL THEN cur.archived ELSE c.kind = 'archived' END,
           last.quantity, last.version, last.at, last.position,
           CASE WHEN c.id IS NULL THEN cur.reorder_point ELSE (c.f->>'reorderPoint')::bigint END,
           CASE WHEN c.id IS NULL THEN cur.reorder_quantity ELSE (c.f->>'reorderQuantity')::bigint END,
           CASE WHEN c.id IS NULL THEN cur.lead_time_days ELSE (c.f->>'leadTimeDays')::integer END
      FROM last_event last
      LEFT JOIN LATERAL (SELECT last.id, last.change->'after' AS f, last.change->>'kind' AS kind WHERE last.change IS NOT NULL) c ON true
      LEFT JOIN ${table} cur ON cur.id = last.id
     WHERE c.id IS NOT NULL OR cur.id IS NOT NULL
    ON CONFLICT (id) DO UPDATE
       SET sku = excluded.sku, name = excluded.name, description = excluded.description, unit = excluded.unit,
           low_stock_threshold = excluded.low_stock_threshold, price = excluded.price, barcode = excluded.barcode, archived = excluded.archived,
           quantity = excluded.quantity, version = excluded.version, updated_at = excluded.updated_at,
           position = excluded.position,
           reorder_point = excluded.reorder_point, reorder_quantity = excluded.reorder_quantity, lead_time_days = excluded.lead_time_days
     WHERE t.version < excluded.version`;
