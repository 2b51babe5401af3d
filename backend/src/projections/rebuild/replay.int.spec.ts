import type { Pool } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../../test/test-database';
import { createPool } from '../../database/pool';
import { EventStore } from '../../event-store/event-store';
import { StoreNotifications } from '../../event-store/store-notifications';
import { ALL_PROJECTIONS } from '../../all-projections';
import { HistoryReadModel } from '../../inventory/read-models/history/history-read-model';
import { ItemReadModel } from '../../inventory/read-models/items/item-read-model';
import type { HistoryProjected, ItemsProjected } from '../../inventory/read-models/projected.events';
import { drain } from '../testing/drain';
import { appendThroughStore, InventorySimulation, insertEvents } from '../../inventory/testing/inventory-simulation';
import { verifyReadModels } from '../verify/verify-read-models';
import { consumerLock } from '../../event-store/batch-statements';
import { itemsProjection, ITEMS } from '../../inventory/read-models/items/items.projection';
import { LIVE_TABLES } from '../projection';
import { projectNextRange } from '../projection-batch';
import { liveCheckpoint, Projector } from '../projector';
import { replayProjections, type ReplayProgress } from './replay';

let database: TestDatabase;
let pool: Pool;
let store: EventStore;
const simulation = new InventorySimulation(40, { seed: 3, archiveRate: 0.002 });

const indexNames = async () =>
  (
    await pool.query<{ indexname: string }>(
      `SELECT indexname FROM pg_indexes WHERE tablename IN ('read_items', 'read_item_history') ORDER BY indexname`,
    )
  ).rows.map((row) => row.indexname);

/** Each read-model table with storage settings of its own (`read_items`' fillfactor), and those settings. */
const storageSettings = async () =>
  (
    await pool.query<{ relname: string; reloptions: string[] }>(
      `SELECT relname, reloptions FROM pg_class WHERE relname = ANY($1) AND reloptions IS NOT NULL ORDER BY relname`,
      [ALL_PROJECTIONS.flatMap((projection) => projection.tables)],
    )
  ).rows;

beforeAll(async () => {
  database = await createTestDatabase();
  pool = createPool(database.url, { max: 30 });
  store = new EventStore(pool);
  const start = Date.now() - 86_400_000;
  await insertEvents(pool, simulation.take(4000), (n) => new Date(start + n * 1000));
  await drain(
    pool,
    ALL_PROJECTIONS.map((projection) => new Projector(pool, projection, undefined)),
  );
});

afterAll(async () => {
  await pool.end();
  await database.drop();
});

describe('replay', () => {
  it('rebuilds while reads are served and writes go on: no failed read, no empty list, nothing announced twice', async () => {
    const notifications = new StoreNotifications(database.url);
    await notifications.start();
    const published: (ItemsProjected | HistoryProjected)[] = [];
    const projectors = ALL_PROJECTIONS.map(
      (projection) =>
        new Projector(pool, projection, notifications, {
          pollMs: 50,
          publish: (event) => published.push(event as ItemsProjected | HistoryProjected),
        }),
    );
    for (const projector of projectors) await projector.start();
    const indexesBefore = await indexNames();
    const settingsBefore = await storageSettings();
    expect(settingsBefore).toContainEqual({ relname: 'read_items', reloptions: ['fillfactor=80'] });

    const items = new ItemReadModel(pool);
    const history = new HistoryReadModel(pool);
    const someItem = (await items.list({ lowStock: false, limit: 1 })).items[0]!.id;
    let replaying = true;
    const reads = { done: 0, failed: [] as unknown[], empty: 0 };
    const reader = async () => {
      while (replaying) {
        try {
          const pages = await Promise.all([
            items.list({ lowStock: false, limit: 20 }).then((page) => page.items),
            history.history(someItem, 20, undefined).then((page) => page.rows),
            history.movements({}, 20, undefined).then((page) => page.rows),
            items.get(someItem).then((item) => (item ? [item] : [])),
          ]);
          reads.empty += pages.filter((page) => page.length === 0).length;
          reads.done += 1;
        } catch (error) {
          reads.failed.push(error);
        }
      }
    };
    const writer = async () => {
      let written = 0;
      while (replaying) written += (await appendThroughStore(store, simulation.take(5))).length;
      return written;
    };
    const progress: ReplayProgress[] = [];
    const background = [reader(), reader(), writer()] as const;

    const results = await replayProjections(pool, ALL_PROJECTIONS, { batchSize: 150, onProgress: (p) => progress.push(p) }).finally(() => {
      replaying = false;
    });
    const [, , written] = await Promise.all(background);
    await drain(pool, projectors);
    await Promise.all(projectors.map((projector) => projector.stop()));
    await notifications.close();

    expect(reads.failed).toEqual([]);
    expect(reads.empty).toBe(0);
    expect(reads.done).toBeGreaterThan(10);
    expect(written).toBeGreaterThan(0);
    expect(results.map((result) => result.projection)).toEqual(ALL_PROJECTIONS.map((projection) => projection.name));
    expect(results.every((result) => !result.resumed && result.events >= 4000)).toBe(true);
    expect(progress.filter((p) => p.projection === 'history').map((p) => p.phase)).toEqual(
      expect.arrayContaining(['copying', 'indexing', 'catching up', 'swapping', 'done']),
    );
    expect(await indexNames()).toEqual(indexesBefore);
    expect(await storageSettings()).toEqual(settingsBefore);
    expect((await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_tables WHERE tablename LIKE '%__replay'`)).rows[0]!.n).toBe(
      0,
    );
    const announced = published.flatMap((event) =>
      event.changes.map((change: { position: number }) => `${event.projection}:${change.position}`),
    );
    expect(new Set(announced).size).toBe(announced.length);
    expect((await verifyReadModels(pool, ALL_PROJECTIONS)).differences).toEqual([]);
  });

  it('is caught by verify when a read-model row is corrupted by hand, and repairs it', async () => {
    // Moved across its threshold, so both the quantity and the derived lowStock differ.
    const { rows } = await pool.query<{ id: string; quantity: number; low_stock: boolean; forged: number }>(
      `SELECT id, quantity, low_stock, CASE WHEN low_stock THEN low_stock_threshold + 1000 ELSE 0 END AS forged
         FROM read_items WHERE low_stock_threshold > 0 ORDER BY sku LIMIT 1`,
    );
    const victim = rows[0]!;
    await pool.query('UPDATE read_items SET quantity = $2 WHERE id = $1', [victim.id, victim.forged]);
    const { rows: lost } = await pool.query<{ position: number }>(
      'DELETE FROM read_item_history WHERE position = (SELECT min(position) FROM read_item_history) RETURNING position',
    );
    await pool.query(`UPDATE read_item_history SET reason = 'tampered' WHERE position = (SELECT max(position) FROM read_item_history)`);

    const corrupted = await verifyReadModels(pool, ALL_PROJECTIONS);
    expect(corrupted.differenceCount).toBe(4);
    expect(corrupted.differences).toEqual(
      expect.arrayContaining([
        { projection: 'items', key: victim.id, field: 'quantity', model: victim.forged, expected: victim.quantity },
        { projection: 'items', key: victim.id, field: 'lowStock', model: !victim.low_stock, expected: victim.low_stock },
        { projection: 'history', key: String(lost[0]!.position), field: 'row', model: 'missing', expected: 'present' },
        expect.objectContaining({ projection: 'history', field: 'reason', model: 'tampered' }),
      ]),
    );

    await replayProjections(pool, ALL_PROJECTIONS);
    expect((await verifyReadModels(pool, ALL_PROJECTIONS)).differences).toEqual([]);
  });
});

describe('the count a replay reports', () => {
  /** The backend of this database waiting on a lock of this kind, other than the transaction `not` (its start). */
  async function untilWaiting(lock: 'advisory' | 'relation', not?: string): Promise<string> {
    for (;;) {
      const { rows } = await pool.query<{ started: string }>(
        `SELECT xact_start::text AS started FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event = $1 AND xact_start::text IS DISTINCT FROM $2`,
        [lock, not ?? null],
      );
      if (rows[0]) return rows[0].started;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('is the events applied to the read models, once each, even when its swap projected some, timed out on a reader and took them again', async () => {
    await drain(
      pool,
      ALL_PROJECTIONS.map((projection) => new Projector(pool, projection, undefined)),
    );
    const live = liveCheckpoint(ITEMS);
    const liveBatch = await pool.connect();
    const longRead = await pool.connect();
    try {
      // A live batch holds the projector's turn, and a long read holds the live table.
      await liveBatch.query('BEGIN');
      // Unparameterised, as the projector takes it: a bound statement's snapshot would stay open and hold up the index builds.
      await liveBatch.query(`SELECT pg_advisory_xact_lock(${consumerLock(liveBatch.escapeLiteral(live))})`);
      await longRead.query('BEGIN');
      await longRead.query('SELECT count(*) FROM read_items');
      const replay = replayProjections(pool, [itemsProjection], { restart: true, batchSize: 500 });

      await untilWaiting('advisory');
      await appendThroughStore(store, simulation.take(300));
      const applied = await projectNextRange(
        liveBatch,
        { projection: itemsProjection, checkpoint: live, tables: LIVE_TABLES, limit: 10_000, announce: false },
        'COMMIT',
      );
      expect(applied.processed).toBeGreaterThan(0);
      // The swap takes those events into the shadow, waits for the read, gives up, and tries again.
      const firstAttempt = await untilWaiting('relation');
      await untilWaiting('relation', firstAttempt);
      await longRead.query('ROLLBACK');

      const [result] = await replay;
      const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
      expect(result!.events).toBe(rows[0]!.n);
    } finally {
      await longRead.query('ROLLBACK');
      liveBatch.release();
      longRead.release();
    }
  }, 60_000);
});
