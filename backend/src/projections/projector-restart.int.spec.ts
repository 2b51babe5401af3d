import type { Pool } from 'pg';
import { startRestartablePostgres, type RestartablePostgres } from '../../../test/restartable-postgres';
import { createPool } from '../database/pool';
import { EventStore } from '../event-store/event-store';
import { StoreNotifications } from '../event-store/store-notifications';
import { readCheckpoint } from '../event-store/checkpointed-batch';
import { START } from '../event-store/stored-event';
import { ALL_PROJECTIONS } from '../all-projections';
import { countEvents } from './event-counts';
import { liveCheckpoint, Projector } from './projector';
import { InventorySimulation, toRequest, type SimulatedEvent } from '../inventory/testing/inventory-simulation';
import { verifyReadModels } from './verify/verify-read-models';

let postgres: RestartablePostgres;
let pool: Pool;
let store: EventStore;

beforeAll(async () => {
  postgres = await startRestartablePostgres();
  pool = createPool(postgres.url, { max: 20 });
  store = new EventStore(pool);
});

afterAll(async () => {
  await pool.end();
  await postgres.remove();
});

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** The stream's version, once the database answers again. */
async function versionOf(streamId: string): Promise<number> {
  for (;;) {
    try {
      const { rows } = await pool.query<{ version: number | null }>(
        'SELECT max(stream_version) AS version FROM events WHERE stream_id = $1',
        [streamId],
      );
      return rows[0]?.version ?? 0;
    } catch {
      await sleep(100);
    }
  }
}

/**
 * Appends each event until it is known to be stored: after a failure (the database went away,
 * perhaps after committing) the stream's version tells whether to try again.
 */
async function writeThrough(events: readonly SimulatedEvent[], keepGoing: () => boolean): Promise<SimulatedEvent[]> {
  const stored: SimulatedEvent[] = [];
  for (const event of events) {
    if (!keepGoing()) break;
    for (;;) {
      try {
        await store.append(toRequest(event));
        break;
      } catch {
        if ((await versionOf(event.streamId)) > event.expectedVersion) break;
        await sleep(50);
      }
    }
    stored.push(event);
  }
  return stored;
}

describe('projectors through a database restart under live traffic', () => {
  it('converge on the events once it is back, with nothing lost and nothing applied twice', async () => {
    const notifications = new StoreNotifications(postgres.url);
    await notifications.start();
    const errors: unknown[] = [];
    const projectors = ALL_PROJECTIONS.map(
      (projection) =>
        new Projector(pool, projection, notifications, { pollMs: 200, batchSize: 50, onError: (error) => errors.push(error) }),
    );
    for (const projector of projectors) await projector.start();

    let writing = true;
    const writers = [1, 2, 3].map((seed) => writeThrough(new InventorySimulation(5, { seed }).take(100_000), () => writing));
    const appended = async () => (await pool.query<{ n: number }>('SELECT count(*) AS n FROM events')).rows[0]!.n;
    await expect.poll(appended, { timeout: 30_000 }).toBeGreaterThan(300);

    await postgres.stop();
    await sleep(1500);
    await postgres.start();
    const afterRestart = await appended();
    await expect.poll(appended, { timeout: 30_000 }).toBeGreaterThan(afterRestart + 300);
    writing = false;
    const written = (await Promise.all(writers)).flat();

    const lag = async () =>
      Math.max(
        ...(await Promise.all(
          ALL_PROJECTIONS.map(async (p) => countEvents(pool, (await readCheckpoint(pool, liveCheckpoint(p.name))) ?? START)),
        )),
      );
    await expect.poll(lag, { timeout: 60_000 }).toBe(0);
    await Promise.all(projectors.map((projector) => projector.stop()));
    await notifications.close();

    expect(errors.length).toBeGreaterThan(0);
    const { rows } = await pool.query<{ stream_id: string; stream_version: number }>(
      'SELECT stream_id, stream_version FROM events ORDER BY position',
    );
    const keyOf = (streamId: string, version: number) => `${streamId}@${version}`;
    expect(new Set(rows.map((row) => keyOf(row.stream_id, row.stream_version)))).toEqual(
      new Set(written.map((event) => keyOf(event.streamId, event.expectedVersion + 1))),
    );
    const verification = await verifyReadModels(pool, ALL_PROJECTIONS);
    expect(verification.differences).toEqual([]);
    expect(verification.checked.history).toBe(written.length);
    expect(verification.checked.items).toBe(15);
  });
});
