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
const fields = { sku: 'OLD-1', name: 'Old', description: '', unit: 'pcs', lowStockThreshold: 0, price: null };
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
/**
 * Created with 5 and moved in by 3 before there were locations (no `locationId`), then 4 in and 2 out
 * at the van, then 3 transferred from the main location to the van.
 */
const events: InventoryEvent[] = [
  { type: 'ItemChanged', data: { itemId, kind: 'created', before: null, after: fields, quantity: 5, reason: null } },
  moved('IN', 3, 5, 8),
  moved('IN', 4, 8, 12, van),
  moved('OUT', 2, 12, 10, van),
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
const STOCK = [
  { location_id: MAIN_LOCATION_ID, quantity: 5 },
  { location_id: van, quantity: 5 },
];

const rows = async () =>
  (await pool.query<{ location_id: string; quantity: number }>('SELECT location_id, quantity FROM read_item_stock ORDER BY location_id'))
    .rows;

beforeAll(async () => {
  database = await createTestDatabase();
  pool = createPool(database.url, { max: 5 });
  const store = new EventStore(pool);
  // Two appends, so that the projector may see them in two batches.
  await store.append({ streamId: itemStreamId(itemId), expectedVersion: 0, events: events.slice(0, 2) });
  await store.append({ streamId: itemStreamId(itemId), expectedVersion: 2, events: events.slice(2, 4) });
  await store.append({ streamId: itemStreamId(itemId), expectedVersion: 4, events: events.slice(4) });
  await drain(pool, [new Projector(pool, stockProjection, undefined)]);
});

afterAll(async () => {
  await pool.end();
  await database.drop();
});

describe('the stock projection', () => {
  it('holds the units per location, stock recorded without a location at the main one, a transfer at both ends', async () => {
    expect(await rows()).toEqual(STOCK);
  });

  it('verifies against the fold of the events, and finds a row changed behind its back', async () => {
    expect((await verifyReadModels(pool, [stockProjection])).differences).toEqual([]);
    await pool.query('UPDATE read_item_stock SET quantity = 3 WHERE location_id = $1', [van]);
    expect((await verifyReadModels(pool, [stockProjection])).differences).toEqual([
      { projection: 'stock', key: `${itemId}/${van}`, field: 'quantity', model: 3, expected: 5 },
    ]);
  });

  it('rebuilds identical per-location stock by a replay, which then verifies', async () => {
    await replayProjections(pool, [stockProjection]);
    expect(await rows()).toEqual(STOCK);
    expect((await verifyReadModels(pool, [stockProjection])).differences).toEqual([]);
  });

  it('adds nothing when events are applied again (the restore repair rewinds checkpoints)', async () => {
    await pool.query("UPDATE checkpoints SET transaction_id = '0', position = 0 WHERE name = $1", [liveCheckpoint('stock')]);
    await drain(pool, [new Projector(pool, stockProjection, undefined)]);
    expect(await rows()).toEqual(STOCK);
    expect((await verifyReadModels(pool, [stockProjection])).differences).toEqual([]);
  });
});
