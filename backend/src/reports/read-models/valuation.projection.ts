import {
  evolve,
  initialItem,
  INVENTORY_EVENTS,
  MAIN_LOCATION_ID,
  movedAt,
  stockAt,
  stockLegs,
  type InventoryEvent,
  type Item,
} from '../../inventory';
import { ProjectionUpdated, TYPE_OF_ROW, type LoggedEvent, type Projection } from '../../projections';

const VALUATION = 'valuation';
export const STOCK_TIMELINE = 'read_stock_timeline';
export const PRICE_TIMELINE = 'read_price_timeline';

interface StockTimelineRow {
  item_id: string;
  location_id: string;
  version: number;
  at: Date;
  quantity: number;
}

interface PriceTimelineRow {
  item_id: string;
  version: number;
  at: Date;
  price: string | null;
}

/** A timeline row as verify compares it. */
type TimelineEntry = { readonly at: string } & ({ readonly quantity: number } | { readonly price: number | null });

/**
 * The valuation's timelines (db/migrations/024): `read_stock_timeline`, an item's units at a location
 * after each event that changed them, and `read_price_timeline`, an item's price from each `ItemChanged`
 * that set it (its creation, and each change of price). Stock worth at any past time is then a read
 * of the rows in force at that time. Events carry the item's totals, so a movement's row is the units
 * the location's last row had plus the movement's difference; only events newer than a location's last
 * row are applied, and a price row is keyed by its version, so an event applied again changes nothing.
 */
export const valuationProjection = {
  name: VALUATION,
  version: 1,
  handles: INVENTORY_EVENTS,
  tables: [STOCK_TIMELINE, PRICE_TIMELINE],
  keyedDuringRebuild: [STOCK_TIMELINE, PRICE_TIMELINE],

  async apply({ events, parameters, tables }, transaction) {
    const stock = `"${tables(STOCK_TIMELINE)}"`;
    // Each location's last row is looked up once, by the batch's first leg there, and shared along
    // its legs: a replay's batch has thousands of legs at the same few hundred locations.
    const last = (column: string) => `CASE WHEN l.first THEN (
        SELECT t.${column} FROM ${stock} t WHERE t.item_id = l.item_id AND t.location_id = l.location_id ORDER BY t.version DESC LIMIT 1) END`;
    // Both at once, in one round trip: the timelines are tables of their own.
    const quantities = transaction.query(
      `WITH legs AS (
         SELECT l.*, row_number() OVER (PARTITION BY l.item_id, l.location_id ORDER BY l.version) = 1 AS first
           FROM (${stockLegs(events)}) l),
       looked_up AS (
         SELECT l.item_id, l.location_id, l.version, l.at, l.moved, ${last('version')} AS last_version, ${last('quantity')} AS last_quantity
           FROM legs l),
       fresh AS (
         SELECT l.item_id, l.location_id, l.version, l.at, l.moved,
                coalesce(max(l.last_version) OVER location, 0) AS last_version, coalesce(max(l.last_quantity) OVER location, 0) AS base
           FROM looked_up l WINDOW location AS (PARTITION BY l.item_id, l.location_id))
       INSERT INTO ${stock} (item_id, location_id, version, at, quantity)
       SELECT item_id, location_id, version, at, base + sum(moved) OVER (PARTITION BY item_id, location_id ORDER BY version)
         FROM fresh WHERE version > last_version`,
      parameters,
    );
    const prices = transaction.last(
      `INSERT INTO "${tables(PRICE_TIMELINE)}" (item_id, version, at, price)
       SELECT (e.data->>'itemId')::uuid, e.stream_version, e.recorded_at, (e.data->'after'->>'price')::numeric
         FROM events e
        WHERE ${events} AND ${TYPE_OF_ROW} = 'ItemChanged'
          AND (e.data->>'kind' = 'created' OR e.data->'before'->'price' IS DISTINCT FROM e.data->'after'->'price')
       ON CONFLICT (item_id, version) DO NOTHING`,
      parameters,
    );
    await Promise.all([quantities, prices]);
    return [];
  },

  /** Compares both timelines with the rows the domain's own fold of every item's events gives. */
  async verify(check) {
    const expected = expectedTimelines();
    for await (const page of check.events()) for (const event of page) expected.add(event);
    const rows = expected.rows;
    const stock = await check.db.query<StockTimelineRow>(`SELECT item_id, location_id, version, at, quantity FROM ${STOCK_TIMELINE}`);
    const prices = await check.db.query<PriceTimelineRow>(`SELECT item_id, version, at, price FROM ${PRICE_TIMELINE}`);
    const model = new Map<string, TimelineEntry>([
      ...stock.rows.map(
        (row) => [stockKey(row.item_id, row.location_id, row.version), { at: row.at.toISOString(), quantity: row.quantity }] as const,
      ),
      ...prices.rows.map(
        (row) =>
          [priceKey(row.item_id, row.version), { at: row.at.toISOString(), price: row.price === null ? null : Number(row.price) }] as const,
      ),
    ]);
    for (const [key, row] of model) {
      check.compare(key, row, rows.get(key));
      rows.delete(key);
    }
    for (const [key, row] of rows) check.compare(key, undefined, row);
    return model.size;
  },

  announcement: (changes) => new ProjectionUpdated(VALUATION, changes),
} satisfies Projection<never>;

const stockKey = (itemId: string, locationId: string, version: number) => `stock/${itemId}/${locationId}/${version}`;
const priceKey = (itemId: string, version: number) => `price/${itemId}/${version}`;

/** The timeline rows folded from the events in TypeScript, independently of `apply`'s SQL. */
function expectedTimelines() {
  const items = new Map<string, Item>();
  const rows = new Map<string, TimelineEntry>();
  return {
    rows,
    add({ type, data, version, at }: LoggedEvent): void {
      const event = { type, data } as InventoryEvent;
      const { itemId } = event.data;
      const before = items.get(itemId) ?? initialItem();
      const after = evolve(before, event);
      items.set(itemId, after);
      if (after.status === 'absent') return;
      const units = (locationId: string) =>
        rows.set(stockKey(itemId, locationId, version), { at: at.toISOString(), quantity: stockAt(after.stock, locationId) });
      switch (event.type) {
        case 'ItemChanged': {
          if (before.status === 'absent') units(MAIN_LOCATION_ID);
          if (before.status === 'absent' || before.fields.price !== after.fields.price) {
            rows.set(priceKey(itemId, version), { at: at.toISOString(), price: after.fields.price });
          }
          return;
        }
        case 'StockMoved':
          units(movedAt(event.data));
          return;
        case 'StockTransferred':
          units(event.data.fromLocationId);
          units(event.data.toLocationId);
          return;
        case 'LocationThresholdSet':
          return;
        default: {
          const unknown: never = event;
          throw new Error(`unknown inventory event ${JSON.stringify(unknown)}`);
        }
      }
    },
  };
}
