import type { Pool } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../../test/test-database';
import { createPool } from '../../database/pool';
import { EventStore } from '../../event-store/event-store';
import { Projector } from '../../projections/projector';
import { replayProjections } from '../../projections/rebuild/replay';
import { drain } from '../../projections/testing/drain';
import { verifyReadModels } from '../../projections/verify/verify-read-models';
import type { LocationEvent, LocationFields } from '../domain/location-events';
import { locationStreamId } from '../domain/location-events';
import { MAIN_LOCATION_FIELDS, MAIN_LOCATION_ID } from '../domain/main-location';
import { LocationReadModel } from './location-read-model';
import { locationsProjection } from './locations.projection';

let database: TestDatabase;
let pool: Pool;

const ids = Array.from({ length: 12 }, (_, n) => `c0de0000-0000-4000-8000-${String(n).padStart(12, '0')}`);
const fields = (n: number): LocationFields => ({ code: `SHELF-${n}`, name: `Shelf ${n}` });

/** Each location created, every second one renamed, every third archived; the main one renamed. */
function history(id: string, n: number): LocationEvent[] {
  const events: LocationEvent[] = [{ type: 'LocationChanged', data: { locationId: id, kind: 'created', before: null, after: fields(n) } }];
  const renamed = { code: `BIN-${n}`, name: `Bin ${n}` };
  if (n % 2 === 0) events.push({ type: 'LocationChanged', data: { locationId: id, kind: 'renamed', before: fields(n), after: renamed } });
  const last = events.at(-1)!.data.after;
  if (n % 3 === 0) events.push({ type: 'LocationChanged', data: { locationId: id, kind: 'archived', before: last, after: last } });
  return events;
}

const rows = async () => (await pool.query<Record<string, unknown>>('SELECT * FROM read_locations ORDER BY id')).rows;

beforeAll(async () => {
  database = await createTestDatabase();
  pool = createPool(database.url, { max: 5 });
  const store = new EventStore(pool);
  for (const [n, id] of ids.entries()) {
    for (const [version, event] of history(id, n).entries()) {
      await store.append({ streamId: locationStreamId(id), expectedVersion: version, events: [event] });
    }
  }
  const main = { ...MAIN_LOCATION_FIELDS, name: 'Warehouse' };
  await store.append({
    streamId: locationStreamId(MAIN_LOCATION_ID),
    expectedVersion: 0,
    events: [
      { type: 'LocationChanged', data: { locationId: MAIN_LOCATION_ID, kind: 'renamed', before: MAIN_LOCATION_FIELDS, after: main } },
    ],
  });
  await drain(pool, [new Projector(pool, locationsProjection, undefined)]);
});

afterAll(async () => {
  await pool.end();
  await database.drop();
});

describe('the locations projection', () => {
  it('holds each location as its last event left it, the main one as renamed', async () => {
    const listed = await new LocationReadModel(pool).list();
    expect(listed).toHaveLength(ids.length + 1);
    expect(listed[0]).toEqual({ id: MAIN_LOCATION_ID, code: 'MAIN', name: 'Warehouse', archived: false });
    expect(listed.find(({ id }) => id === ids[6])).toEqual({ id: ids[6], code: 'BIN-6', name: 'Bin 6', archived: true });
    expect(listed.find(({ id }) => id === ids[1])).toEqual({ id: ids[1], code: 'SHELF-1', name: 'Shelf 1', archived: false });
  });

  it('verifies against a fold of the events, and finds a row changed behind its back', async () => {
    expect((await verifyReadModels(pool, [locationsProjection])).differences).toEqual([]);
    await pool.query("UPDATE read_locations SET name = 'Tampered' WHERE id = $1", [ids[4]]);
    expect((await verifyReadModels(pool, [locationsProjection])).differences).toEqual([
      { projection: 'locations', key: ids[4], field: 'name', model: 'Tampered', expected: 'Bin 4' },
    ]);
  });

  it('rebuilds identical rows by a replay, which then verifies', async () => {
    await pool.query("UPDATE read_locations SET name = 'Tampered' WHERE id = $1", [ids[4]]);
    const before = (await rows()).map((row) => (row.id === ids[4] ? { ...row, name: 'Bin 4' } : row));
    await replayProjections(pool, [locationsProjection]);
    expect(await rows()).toEqual(before);
    expect((await verifyReadModels(pool, [locationsProjection])).differences).toEqual([]);
  });

  it('rebuilds by a replay that passes over long stretches of other events instead of walking them batch by batch', async () => {
    const store = new EventStore(pool);
    const noise = async (stream: string) => {
      // Ten events a transaction: a batch runs on to the end of its last transaction.
      for (let version = 0; version < 1500; version += 10) {
        const events = Array.from({ length: 10 }, (_, n) => ({ type: 'UserSignedIn', data: { n: version + n } }));
        await store.append({ streamId: stream, expectedVersion: version, events });
      }
    };
    await noise('noise-before');
    const late = 'c0de0000-0000-4000-8000-999999999999';
    await store.append({
      streamId: locationStreamId(late),
      expectedVersion: 0,
      events: [{ type: 'LocationChanged', data: { locationId: late, kind: 'created', before: null, after: fields(99) } }],
    });
    await noise('noise-after');
    await drain(pool, [new Projector(pool, locationsProjection, undefined)]);
    const before = await rows();

    const copied: number[] = [];
    const [result] = await replayProjections(pool, [locationsProjection], {
      batchSize: 100,
      onProgress: ({ phase, done }) => {
        if (phase === 'copying') copied.push(done);
      },
    });

    // Walked batch by batch, the 3,000 other events alone would be thirty batches (33 reports).
    expect(copied.length).toBeLessThan(12);
    expect(result?.events).toBeGreaterThan(3000);
    expect(await rows()).toEqual(before);
    expect(before.find((row) => row.id === late)).toMatchObject({ code: 'SHELF-99' });
    expect((await verifyReadModels(pool, [locationsProjection])).differences).toEqual([]);
  });
});
