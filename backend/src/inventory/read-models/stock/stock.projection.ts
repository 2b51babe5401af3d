import { ProjectionUpdated, TYPE_OF_ROW, type Projection } from '../../../projections';
import { ItemFold, inventoryRecord } from '../expected-rows';
import { INVENTORY_EVENTS, LOCATION_ID, stockLegs } from '../inventory-event-sql';

const STOCK = 'stock';
const TABLE = 'read_item_stock';

interface StockRow {
  item_id: string;
  location_id: string;
  quantity: number;
  low_stock_threshold: number | null;
}

/**
 * `read_item_stock`: an item's units and low-stock threshold at each location it ever had stock or a
 * threshold at. Events carry the item's totals, so each movement adds its difference to its location's
 * row (an item's initial quantity to the main location's; a transfer takes its units from one row and
 * adds them to the other); a row keeps the stream version of the last movement and of the last
 * threshold event that changed it, so an event applied again changes nothing.
 */
export const stockProjection = {
  name: STOCK,
  version: 1,
  handles: INVENTORY_EVENTS,
  tables: [TABLE],
  keyedDuringRebuild: [TABLE],

  async apply({ events, parameters, tables }, transaction) {
    const table = `"${tables(TABLE)}"`;
    // Both at once: the thresholds' upsert runs after the movements' in the same round trip.
    const movements = transaction.query(
      `WITH batch AS (${stockLegs(events)}),
       fresh AS (
         SELECT b.item_id, b.location_id, sum(b.moved) AS moved, max(b.version) AS version
           FROM batch b
           LEFT JOIN ${table} cur ON cur.item_id = b.item_id AND cur.location_id = b.location_id
          WHERE b.version > coalesce(cur.version, 0)
          GROUP BY b.item_id, b.location_id)
       INSERT INTO ${table} AS t (item_id, location_id, quantity, version)
       SELECT item_id, location_id, moved, version FROM fresh
       ON CONFLICT (item_id, location_id) DO UPDATE SET quantity = t.quantity + excluded.quantity, version = excluded.version`,
      parameters,
    );
    const thresholds = transaction.last(
      `WITH latest AS (
         SELECT DISTINCT ON (e.stream_id, e.data->>'locationId')
                (e.data->>'itemId')::uuid AS item_id, ${LOCATION_ID} AS location_id, e.stream_version AS version,
                (e.data->>'after')::bigint AS threshold
           FROM events e
          WHERE ${events} AND ${TYPE_OF_ROW} = 'LocationThresholdSet'
          ORDER BY e.stream_id, e.data->>'locationId', e.stream_version DESC)
       INSERT INTO ${table} AS t (item_id, location_id, quantity, version, low_stock_threshold, threshold_version)
       SELECT item_id, location_id, 0, 0, threshold, version FROM latest
       ON CONFLICT (item_id, location_id) DO UPDATE
          SET low_stock_threshold = excluded.low_stock_threshold, threshold_version = excluded.threshold_version
        WHERE t.threshold_version < excluded.threshold_version`,
      parameters,
    );
    await Promise.all([movements, thresholds]);
    return [];
  },

  /** Compares `read_item_stock` with the stock per location of the domain's own fold of every item. */
  async verify(check) {
    const fold = new ItemFold();
    for await (const page of check.events()) for (const event of page) fold.add(inventoryRecord(event));
    const expected = new Map<string, { quantity: number; lowStockThreshold: number | null }>();
    for (const { itemId, locationId, ...row } of fold.stock()) expected.set(`${itemId}/${locationId}`, row);
    const { rows } = await check.db.query<StockRow>(`SELECT item_id, location_id, quantity, low_stock_threshold FROM ${TABLE}`);
    for (const row of rows) {
      const key = `${row.item_id}/${row.location_id}`;
      check.compare(key, { quantity: row.quantity, lowStockThreshold: row.low_stock_threshold }, expected.get(key));
      expected.delete(key);
    }
    for (const [key, row] of expected) check.compare(key, undefined, row);
    return rows.length;
  },

  announcement: (changes) => new ProjectionUpdated(STOCK, changes),
} satisfies Projection<never>;
