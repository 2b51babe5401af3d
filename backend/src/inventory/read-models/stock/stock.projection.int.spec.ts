import type { Pool } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../../../test/test-database';
import { createPool } from '../../../database/pool';
import { EventStore } from '../../../event-store/event-store';
import { liveCheckpoint, Projector } from '../../../projections/projector';
import { replayProjections } from '../../../projections/rebuild/replay';
import { drain } from '../../../projections/testing/drain';
import { verifyReadModels } from '../../../projections/verify/verify-read-models';
import { itemStreamId, MAIN_LOCATION_ID, type InventoryEvent } from '../../domain/item-events';
import { stockProjection } from './stock.projection';

let database: TestDatabase;
let pool: Pool;

const itemId = 'd0d0d0d0-0000-4000-8000-000000000001';
const van = 'c0ffee00-0000-4000-8000-000000000002';
const fields = {
  sku: 'OLD-1',
  name: 'Old',
  description: '',
  unit: 'pcs',
  lowStockThreshold: 0,
  price: null,
  reorderPoint: null,
  reorderQuantity: null,
  leadTimeDays: null,
};
const moved = (
  type: 'IN' | 'OUT',
  quantity: number,
  quantityBefore: number,
  quantityAfter: number,
  locationId?: string,
): InventoryEvent => ({
  type: 'StockMoved',
  data: {
    itemId,
    movementId: `${itemId.slice(0, -1)}${quantityAfter % 10}`,
    type,
    quantity,
    quantityBefore,
    quantityAfter,
    reason: null,
    note: null,
    ...(locationId && { locationId }),
  },
});
const shelf = 'c0ffee00-0000-4000-8000-000000000003';
const thresholdSet = (locationId: string, before: number | null, after: number | null, quantity: number): InventoryEvent => ({
  type: 'LocationThresholdSet',
  data: { itemId, locationId, before, after, quantity, reason: null },
});
/**
 * Created with 5 and moved in by 3 before there were locations (no `locationId`), then 4 in and 2 out at
 * the van, whose threshold is set to 1 and then 3 around them; a threshold at a shelf without stock, set
 * and removed; then 3 transferred from the main location to the van.
 */
const events: InventoryEvent[] = [
  { type: 'ItemChanged', data: { itemId, kind: 'created', before: null, after: fields, quantity: 5, reason: null } },
  moved('IN', 3, 5, 8),
  thresholdSet(van, null, 1, 8),
  moved('IN', 4, 8, 12, van),
  thresholdSet(shelf, null, 6, 12),
  thresholdSet(van, 1, 3, 12),
  moved('OUT', 2, 12, 10, van),
  thresholdSet(shelf, 6, null, 10),
  {
    type: 'StockTransferred',
    data: {
      itemId,
      transferId: `${itemId.slice(0, -1)}7`,
      fromLocationId: MAIN_LOCATION_ID,
      toLocationId: van,
      quantity: 3,
      quantityTotal: 10,
      fromBefore: 8,
      fromAfter: 5,
      toBefore: 2,
      toAfter: 5,
      reason: null,
    },
  },
];

const rows = async () =>
  (
    await pool.query<{ location_id: string; quantity: number; low_stock_threshold: number | null }>(
      'SELECT location_id, quantity, low_stock_threshold FROM read_item_stock ORDER BY location_id',
    )
  ).rows;

const expectedRows = [
  { location_id: MAIN_LOCATION_ID, quantity: 5, low_stock_threshold: null },
  { location_id: van, quantity: 5, low_stock_threshold: 3 },
  { location_id: shelf, quantity: 0, low_stock_threshold: null },
];

beforeAll(async () => {
  database = await createTestDatabase();
  pool = createPool(database.url, { max: 5 });
  const store = new EventStore(pool);
  // Three appends, so that the projector may see them in several batches.
  await store.append({ streamId: itemStreamId(itemId), expectedVersion: 0, events: events.slice(0, 2) });
  await store.append({ streamId: itemStreamId(itemId), expectedVersion: 2, events: events.slice(2, 5) });
  await store.append({ streamId: itemStreamId(itemId), expectedVersion: 5, events: events.slice(5) });
  await drain(pool, [new Projector(pool, stockProjection, undefined)]);
});

afterAll(async () => {
  await pool.end();
  await database.drop();
});

describe('the stock projection', () => {
  it('holds the units and the last threshold per location, stock recorded without a location at the main one, a transfer at both ends', async () => {
    expect(await rows()).toEqual(expectedRows);
  });

  it('verifies against the fold of the events, and finds a row changed behind its back', async () => {
    expect((await verifyReadModels(pool, [stockProjection])).differences).toEqual([]);
    await pool.query('UPDATE read_item_stock SET quantity = 3 WHERE location_id = $1', [van]);
    expect((await verifyReadModels(pool, [stockProjection])).differences).toEqual([
      { projection: 'stock', key: `${itemId}/${van}`, field: 'quantity', model: 3, expected: 5 },
    ]);
  });

  it('finds a threshold changed behind its back', async () => {
    await pool.query('UPDATE read_item_stock SET low_stock_threshold = 4 WHERE location_id = $1', [shelf]);
    expect((await verifyReadModels(pool, [stockProjection])).differences).toContainEqual({
      projection: 'stock',
      key: `${itemId}/${shelf}`,
      field: 'lowStockThreshold',
      model: 4,
      expected: null,
    });
  });

  it('rebuilds identical per-location stock by a replay, which then verifies', async () => {
    await replayProjections(pool, [stockProjection]);
    expect(await rows()).toEqual(expectedRows);
    expect((await verifyReadModels(pool, [stockProjection])).differences).toEqual([]);
  });

  it('adds nothing when events are applied again (the restore repair rewinds checkpoints)', async () => {
    await pool.query("UPDATE checkpoints SET transaction_id = '0', position = 0 WHERE name = $1", [liveCheckpoint('stock')]);
    await drain(pool, [new Projector(pool, stockProjection, undefined)]);
    expect(await rows()).toEqual(expectedRows);
    expect((await verifyReadModels(pool, [stockProjection])).differences).toEqual([]);
  });
});
