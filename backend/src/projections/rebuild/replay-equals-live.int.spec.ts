import type { Pool } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../../test/test-database';
import { createPool } from '../../database/pool';
import { EventStore } from '../../event-store/event-store';
import type { NewEvent } from '../../event-store/stored-event';
import { ALL_PROJECTIONS } from '../../all-projections';
import { itemStreamId, MAIN_LOCATION_ID } from '../../inventory/domain/item-events';
import { appendThroughStore, InventorySimulation } from '../../inventory/testing/inventory-simulation';
import { locationStreamId } from '../../locations/domain/location-events';
import { stocktakeStreamId } from '../../stocktakes/domain/stocktake-events';
import { drain } from '../testing/drain';
import { Projector } from '../projector';
import { replayProjections } from './replay';

let database: TestDatabase;
let pool: Pool;
let store: EventStore;

const LOCATIONS = ['00000000-0000-4000-8000-00000000b001', '00000000-0000-4000-8000-00000000b002'] as const;
const STOCKTAKE = '00000000-0000-4000-8000-00000000c001';
const metadata = { userId: '00000000-0000-4000-8000-000000000001', username: 'ada', correlationId: '00000000-0000-4000-8000-00000000d001' };

/** Every row of every table of every projection, as JSON, in a stable order. */
async function readModels(): Promise<Record<string, unknown[]>> {
  const tables = ALL_PROJECTIONS.flatMap((projection) => projection.tables);
  const entries = await Promise.all(
    tables.map(async (table) => {
      const { rows } = await pool.query<{ row: unknown }>(`SELECT to_jsonb(t) AS row FROM "${table}" t ORDER BY to_jsonb(t)::text`);
      return [table, rows.map((row) => row.row)] as const;
    }),
  );
  return Object.fromEntries(entries);
}

async function append(streamId: string, events: readonly Omit<NewEvent, 'metadata'>[]): Promise<void> {
  const expectedVersion = (await store.readStream(streamId)).length;
  const outcome = await store.append({ streamId, expectedVersion, events: events.map((event) => ({ ...event, metadata })) });
  expect(outcome.status).toBe('appended');
}

/** The events the simulation does not make: locations, thresholds, a reversal, a restore, a stocktake. */
async function appendTheOtherKinds(itemId: string): Promise<void> {
  const [shelf, van] = LOCATIONS;
  await append(locationStreamId(shelf), [
    { type: 'LocationChanged', data: { locationId: shelf, kind: 'created', before: null, after: { code: 'SHELF', name: 'Shelf' } } },
    {
      type: 'LocationChanged',
      data: { locationId: shelf, kind: 'renamed', before: { code: 'SHELF', name: 'Shelf' }, after: { code: 'SHELF-1', name: 'Shelf one' } },
    },
  ]);
  await append(locationStreamId(van), [
    { type: 'LocationChanged', data: { locationId: van, kind: 'created', before: null, after: { code: 'VAN', name: 'Van' } } },
    {
      type: 'LocationChanged',
      data: { locationId: van, kind: 'archived', before: { code: 'VAN', name: 'Van' }, after: { code: 'VAN', name: 'Van' } },
    },
  ]);
  const [item] = await store.readStream(itemStreamId(itemId));
  const fields = (item!.data as { after: object }).after;
  const history = await store.readStream(itemStreamId(itemId));
  const total = history.reduce((quantity, event) => {
    const data = event.data as { quantity?: number; quantityAfter?: number; quantityTotal?: number };
    return data.quantityAfter ?? data.quantityTotal ?? data.quantity ?? quantity;
  }, 0);
  const movementId = '00000000-0000-4000-8000-00000000e001';
  const move = (quantityBefore: number, quantityAfter: number, reverses?: string) => ({
    type: 'StockMoved',
    data: {
      itemId,
      movementId: reverses === undefined ? movementId : '00000000-0000-4000-8000-00000000e002',
      type: 'ADJUST',
      quantity: quantityAfter - quantityBefore,
      quantityBefore,
      quantityAfter,
      reason: 'count',
      note: null,
      locationId: MAIN_LOCATION_ID,
      ...(reverses !== undefined && { reverses }),
    },
  });
  await append(itemStreamId(itemId), [
    { type: 'LocationThresholdSet', data: { itemId, locationId: shelf, before: null, after: 3, quantity: total, reason: 'fast mover' } },
    { type: 'LocationThresholdSet', data: { itemId, locationId: shelf, before: 3, after: null, quantity: total, reason: null } },
    move(total, total + 7),
    move(total + 7, total, movementId),
    { type: 'ItemChanged', data: { itemId, kind: 'archived', before: fields, after: fields, quantity: total, reason: 'gone' } },
    { type: 'ItemChanged', data: { itemId, kind: 'restored', before: fields, after: fields, quantity: total, reason: 'back' } },
  ]);
  const countedAt = new Date().toISOString();
  await append(stocktakeStreamId(STOCKTAKE), [
    { type: 'StocktakeChanged', data: { stocktakeId: STOCKTAKE, kind: 'opened', locationId: MAIN_LOCATION_ID, itemIds: [itemId] } },
    {
      type: 'StocktakeChanged',
      data: {
        stocktakeId: STOCKTAKE,
        kind: 'counted',
        itemId,
        counted: total + 2,
        expected: total,
        itemVersion: history.length + 6,
        position: 1,
        countedAt,
        countedBy: { id: metadata.userId, username: metadata.username },
      },
    },
    {
      type: 'StocktakeChanged',
      data: {
        stocktakeId: STOCKTAKE,
        kind: 'posted',
        lines: [
          {
            itemId,
            counted: total + 2,
            expected: total,
            adjustment: 2,
            countedAt,
            movementId: null,
            quantityBefore: total,
            quantityAfter: total,
          },
        ],
      },
    },
  ]);
}

beforeAll(async () => {
  database = await createTestDatabase();
  pool = createPool(database.url, { max: 20 });
  store = new EventStore(pool);
});

afterAll(async () => {
  await pool.end();
  await database.drop();
});

describe('a replay', () => {
  it('rebuilds every read model row for row as the live projectors built it, from a history of every event type', async () => {
    const projectors = ALL_PROJECTIONS.map((projection) => new Projector(pool, projection, undefined, { batchSize: 7 }));
    // Movements without a location (recorded before there were any), then with locations and transfers.
    const before = new InventorySimulation(6, { seed: 5, editRate: 0.1 });
    const after = new InventorySimulation(12, { seed: 6, archiveRate: 0.01, editRate: 0.1, locations: LOCATIONS, transferRate: 0.3 });
    const first = before.take(200);
    await appendThroughStore(store, first);
    await drain(pool, projectors);
    await appendTheOtherKinds(first[0]!.event.data.itemId);
    await appendThroughStore(store, after.take(400));
    await drain(pool, projectors);
    const live = await readModels();
    expect(Object.values(live).every((rows) => rows.length > 0)).toBe(true);

    await replayProjections(pool, ALL_PROJECTIONS, { batchSize: 50 });
    expect(await readModels()).toEqual(live);
  });
});
