import type { Pool } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../../../test/test-database';
import { ALL_PROJECTIONS } from '../../../all-projections';
import { createPool } from '../../../database/pool';
import { Projector } from '../../../projections';
import { drain } from '../../../projections/testing/drain';
import { GetStockAtHandler } from '../../queries/handlers/get-stock-at.handler';
import { GetStockAtQuery } from '../../queries/impl/get-stock-at.query';
import { evolve, initialItem, stockAt } from '../../domain/item';
import { MAIN_LOCATION_ID, movedAt } from '../../domain/item-events';
import { InventorySimulation, insertEvents, type SimulatedEvent } from '../../testing/inventory-simulation';
import { ItemReadModel } from '../items/item-read-model';
import { HistoryReadModel } from './history-read-model';

let database: TestDatabase;
let pool: Pool;
let handler: GetStockAtHandler;
const START = Date.parse('2026-01-01T00:00:00.000Z');
/** Irregular gaps, down to a millisecond, so a probe can fall just before, on or after an event. */
const timeOf = (n: number) => new Date(START + n * 997 + (n % 7) * 113 + (n % 3));
let events: SimulatedEvent[];
const LOCATIONS = ['c0ffee00-0000-4000-8000-00000000000a', 'c0ffee00-0000-4000-8000-00000000000b'];
const PLACES = [MAIN_LOCATION_ID, ...LOCATIONS];

beforeAll(async () => {
  database = await createTestDatabase();
  pool = createPool(database.url, { max: 5 });
  events = new InventorySimulation(15, { seed: 21, archiveRate: 0.002, editRate: 0.05, locations: LOCATIONS, transferRate: 0.3 }).take(
    3000,
  );
  await insertEvents(pool, events, timeOf);
  await drain(
    pool,
    ALL_PROJECTIONS.map((projection) => new Projector(pool, projection, undefined)),
  );
  handler = new GetStockAtHandler(new ItemReadModel(pool), new HistoryReadModel(pool));
});

afterAll(async () => {
  await pool.end();
  await database.drop();
});

/** The quantity an item had at `at`, folded from the events as written: the last one at or before it decides. */
function fold(itemId: string, at: Date): { quantity: number; version: number | null } {
  let state = { quantity: 0, version: null as number | null };
  events.forEach((simulated, n) => {
    if (simulated.event.data.itemId !== itemId || timeOf(n) > at) return;
    const { event } = simulated;
    const quantity =
      event.type === 'StockMoved'
        ? event.data.quantityAfter
        : event.type === 'StockTransferred'
          ? event.data.quantityTotal
          : event.data.quantity;
    state = { quantity, version: simulated.expectedVersion + 1 };
  });
  return state;
}

/** An item's units at a location at `at` by the domain's own fold, and the version of the last event that changed them. */
function foldAt(itemId: string, at: Date, locationId: string): { quantity: number; version: number | null } {
  let item = initialItem();
  let version: number | null = null;
  events.forEach((simulated, n) => {
    if (simulated.event.data.itemId !== itemId || timeOf(n) > at) return;
    item = evolve(item, simulated.event);
    const touched =
      simulated.event.type === 'ItemChanged'
        ? simulated.event.data.kind === 'created' && locationId === MAIN_LOCATION_ID
        : simulated.event.type === 'StockMoved'
          ? movedAt(simulated.event.data) === locationId
          : simulated.event.type === 'StockTransferred' &&
            [simulated.event.data.fromLocationId, simulated.event.data.toLocationId].includes(locationId);
    if (touched) version = item.version;
  });
  return { quantity: item.status === 'absent' ? 0 : stockAt(item.stock, locationId), version };
}

/** mulberry32 */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

describe('stock-at', () => {
  it('agrees with a fold of the events at 20 random times, before, on and between events', async () => {
    const seed = Date.now() % 100_000;
    const next = random(seed);
    const itemIds = [...new Set(events.map((event) => event.event.data.itemId))];
    const last = timeOf(events.length - 1).getTime();
    const probes = Array.from({ length: 20 }, (_, n) => {
      const itemId = itemIds[Math.floor(next() * itemIds.length)]!;
      // Some exactly on an event's time (the boundary is inclusive), one before any event, the rest anywhere.
      const at =
        n % 4 === 0
          ? timeOf(Math.floor(next() * events.length))
          : n === 1
            ? new Date(START - 1 - Math.floor(next() * 60_000))
            : new Date(START + Math.floor(next() * (last - START + 60_000)));
      return { itemId, at };
    });
    const { rows } = await pool.query<{ position: number; stream_version: number; item_id: string }>(
      `SELECT position, stream_version, data->>'itemId' AS item_id FROM events`,
    );
    const versionAt = new Map(rows.map((row) => [row.position, row]));

    for (const { itemId, at } of probes) {
      const expected = fold(itemId, at);
      const answer = await handler.execute(new GetStockAtQuery(itemId, at));
      const context = `seed ${seed}: item ${itemId} at ${at.toISOString()}`;
      expect(answer?.quantity, context).toBe(expected.quantity);
      if (expected.version === null) {
        expect(answer?.position, context).toBeNull();
      } else {
        const event = versionAt.get(answer!.position!);
        expect({ item: event?.item_id, version: event?.stream_version }, context).toEqual({ item: itemId, version: expected.version });
      }
    }
  });

  it('agrees per location with the fold of the events, transfers included, at 30 random times', async () => {
    expect(events.filter((simulated) => simulated.event.type === 'StockTransferred').length).toBeGreaterThan(100);
    const seed = Date.now() % 100_000;
    const next = random(seed);
    const itemIds = [...new Set(events.map((event) => event.event.data.itemId))];
    const last = timeOf(events.length - 1).getTime();
    const { rows } = await pool.query<{ position: number; stream_version: number; item_id: string }>(
      `SELECT position, stream_version, data->>'itemId' AS item_id FROM events`,
    );
    const versionAt = new Map(rows.map((row) => [row.position, row]));
    for (let n = 0; n < 30; n += 1) {
      const itemId = itemIds[Math.floor(next() * itemIds.length)]!;
      const locationId = PLACES[n % PLACES.length]!;
      const at = n % 5 === 0 ? timeOf(Math.floor(next() * events.length)) : new Date(START + Math.floor(next() * (last - START + 60_000)));
      const expected = foldAt(itemId, at, locationId);
      const answer = await handler.execute(new GetStockAtQuery(itemId, at, locationId));
      const context = `seed ${seed}: item ${itemId} at ${locationId} at ${at.toISOString()}`;
      expect(answer?.quantity, context).toBe(expected.quantity);
      const event = answer?.position === null || answer?.position === undefined ? undefined : versionAt.get(answer.position);
      expect(event === undefined ? null : { item: event.item_id, version: event.stream_version }, context).toEqual(
        expected.version === null ? null : { item: itemId, version: expected.version },
      );
    }
  });

  it('answers null for an item that never existed', async () => {
    expect(await handler.execute(new GetStockAtQuery('00000000-0000-4000-8000-000000000000', new Date()))).toBeNull();
  });
});
