import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Pool, PoolClient } from 'pg';
import { readLog } from '../../../test/read-log';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database';
import { migrateToLatest } from '../../../db/src/migrate';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../database/embedded-postgres';
import { createPool } from '../database/pool';
import { ConsumerLeadership } from './consumer-leadership';
import { ensureCheckpoint, readCheckpoint } from './checkpointed-batch';
import { EventStore } from './event-store';
import { EventStoreModule, RestoreNeedsRepairError } from './event-store.module';
import { verifyHashChain } from './chain-verification';
import { countFutureEvents, repairFutureTransactionIds } from './restore-repair';
import { StoreNotifications } from './store-notifications';
import { readEpoch } from './store-epoch';
import { START } from './stored-event';

const run = promisify(execFile);

let source: TestDatabase;
let sourcePool: Pool;
let fresh: EmbeddedDatabase;
let freshDir: string;
let restoredPool: Pool;
let restoredUrl: string;

// Vitest types its asymmetric matchers `any`; as `unknown` one stands where any value may.
const anyDate: unknown = expect.any(Date);

const readAllFrom = async (pool: Pool, from = START) => (await readLog(pool, from, 10_000)).events;

beforeAll(async () => {
  source = await createTestDatabase();
  sourcePool = createPool(source.url);
  // Age the source cluster well past where a fresh cluster's transaction counter starts.
  for (let n = 0; n < 1500; n += 1) await sourcePool.query('SELECT pg_current_xact_id()');
  const store = new EventStore(sourcePool);
  for (let n = 0; n < 30; n += 1) {
    await store.append({ streamId: `restored-${n % 3}`, expectedVersion: Math.floor(n / 3), events: [{ type: 'Counted', data: { n } }] });
  }
  await ensureCheckpoint(sourcePool, 'half-way');
  const half = (await readAllFrom(sourcePool))[14]!;
  await sourcePool.query('UPDATE checkpoints SET transaction_id = $1::xid8, position = $2 WHERE name = $3', [
    half.transactionId,
    half.position,
    'half-way',
  ]);

  const dumpDir = await mkdtemp(join(tmpdir(), 'ims-dump-'));
  const dump = join(dumpDir, 'events.dump');
  await run('pg_dump', ['--format=custom', `--file=${dump}`, source.url]);

  freshDir = await mkdtemp(join(tmpdir(), 'ims-fresh-cluster-'));
  fresh = await startEmbeddedPostgres({ dataDir: freshDir });
  restoredUrl = fresh.url.replace(/\/postgres$/, '/restored');
  const admin = createPool(fresh.url, { max: 1 });
  await admin.query('CREATE DATABASE restored');
  await admin.end();
  await run('pg_restore', ['--no-owner', `--dbname=${restoredUrl}`, dump]);
  await rm(dumpDir, { recursive: true, force: true });
  restoredPool = createPool(restoredUrl);
}, 180_000);

afterAll(async () => {
  // Each is still unset when beforeAll failed before creating it, and the ones created before it must still go.
  /* eslint-disable @typescript-eslint/no-unnecessary-condition */
  await restoredPool?.end();
  await sourcePool?.end();
  await fresh?.stop();
  await rm(freshDir, { recursive: true, force: true });
  await source?.drop();
  /* eslint-enable @typescript-eslint/no-unnecessary-condition */
});

describe('a logical dump restored into a fresh cluster', () => {
  it('is detected: its events carry transaction ids the new cluster has not reached, and readers see none', async () => {
    expect(await countFutureEvents(restoredPool)).toBe(30);
    expect(await readAllFrom(restoredPool)).toEqual([]);
  });

  it('stops the application from starting until it is repaired', async () => {
    const notifications = new StoreNotifications(restoredUrl);
    await expect(
      new EventStoreModule(restoredPool, restoredPool, notifications, new ConsumerLeadership(restoredUrl, 1000)).onModuleInit(),
    ).rejects.toBeInstanceOf(RestoreNeedsRepairError);
    await notifications.close();
  });

  it('is repaired: every event readable in its original order, the chain intact, a new epoch, consumers resuming where they were', async () => {
    const epochBefore = await readEpoch(restoredPool);
    const progress: number[] = [];
    const repaired = await repairFutureTransactionIds(restoredPool, (p) => progress.push(p.repaired), 7);
    expect(repaired).toBe(30);
    expect(progress.at(-1)).toBe(30);
    expect(await countFutureEvents(restoredPool)).toBe(0);

    const store = new EventStore(restoredPool);
    const events = await readAllFrom(restoredPool);
    expect(events.map((e) => e.position)).toEqual([...events.map((e) => e.position)].sort((a, b) => a - b));
    expect(events).toHaveLength(30);
    await expect(verifyHashChain(restoredPool)).resolves.toMatchObject({ ok: true, checked: 30 });
    expect((await readEpoch(restoredPool)).epoch).not.toBe(epochBefore.epoch);

    const checkpoint = (await readCheckpoint(restoredPool, 'half-way'))!;
    expect(await readAllFrom(restoredPool, checkpoint)).toHaveLength(15);

    const { rows: log } = await restoredPool.query(
      'SELECT repaired_by, checkpoints_moved, events_moved, first_position, last_position, finished_at FROM restore_repairs',
    );
    expect(log).toEqual([
      {
        repaired_by: 'postgres',
        checkpoints_moved: 1,
        events_moved: 30,
        first_position: 1,
        last_position: 30,
        finished_at: anyDate,
      },
    ]);

    await store.append({ streamId: 'restored-0', expectedVersion: 10, events: [{ type: 'AfterRestore', data: {} }] });
    const after = await readAllFrom(restoredPool);
    expect(after.at(-1)?.type).toBe('AfterRestore');
    await expect(migrateToLatest(restoredUrl)).resolves.toEqual([]);
    expect(await repairFutureTransactionIds(restoredPool)).toBe(0);
    expect((await restoredPool.query<{ n: number }>('SELECT count(*)::int AS n FROM restore_repairs')).rows[0]!.n).toBe(1);
  });
});

/** `work` on a connection acting as `role`, rolled back. */
async function asRole<T>(pool: Pool, role: string, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SET LOCAL ROLE ${role}`);
    return await work(client);
  } finally {
    await client.query('ROLLBACK');
    client.release();
  }
}

/** Moves a cluster's transaction counter to at least `target`: a subtransaction that writes takes an id of its own. */
async function advanceTransactionCounter(pool: Pool, target: bigint): Promise<void> {
  await pool.query('CREATE TABLE IF NOT EXISTS xid_burn (n int)');
  const current = async () => BigInt((await pool.query<{ xid: string }>('SELECT pg_current_xact_id()::text AS xid')).rows[0]!.xid);
  while ((await current()) < target) {
    await pool.query(`DO $$ BEGIN
      FOR i IN 1..20000 LOOP BEGIN INSERT INTO xid_burn VALUES (i); EXCEPTION WHEN others THEN NULL; END; END LOOP;
    END $$`);
  }
}

describe('a logical dump whose oldest events the fresh cluster has already passed', () => {
  let mixedSource: TestDatabase;
  let mixedFresh: EmbeddedDatabase;
  let mixedDir: string;
  let pool: Pool;
  let url: string;
  let early: Awaited<ReturnType<typeof readAllFrom>>;

  beforeAll(async () => {
    mixedSource = await createTestDatabase();
    const sourcePool = createPool(mixedSource.url);
    const store = new EventStore(sourcePool);
    const append = (n: number) =>
      store.append({ streamId: `mixed-${n % 3}`, expectedVersion: Math.floor(n / 3), events: [{ type: 'Counted', data: { n } }] });
    for (let n = 0; n < 9; n += 1) await append(n);
    early = await readAllFrom(sourcePool);
    const newestEarly = early.reduce((max, event) => (BigInt(event.transactionId) > max ? BigInt(event.transactionId) : max), 0n);
    await advanceTransactionCounter(sourcePool, newestEarly + 5000n);
    for (let n = 9; n < 18; n += 1) await append(n);
    await ensureCheckpoint(sourcePool, 'after-five');
    await sourcePool.query('UPDATE checkpoints SET transaction_id = $1::xid8, position = $2 WHERE name = $3', [
      early[4]!.transactionId,
      early[4]!.position,
      'after-five',
    ]);

    const dumpDir = await mkdtemp(join(tmpdir(), 'ims-dump-'));
    const dump = join(dumpDir, 'events.dump');
    await run('pg_dump', ['--format=custom', `--file=${dump}`, mixedSource.url]);
    await sourcePool.end();

    mixedDir = await mkdtemp(join(tmpdir(), 'ims-fresh-cluster-'));
    mixedFresh = await startEmbeddedPostgres({ dataDir: mixedDir });
    const admin = createPool(mixedFresh.url, { max: 1 });
    // The fresh cluster is past the early events but short of the late ones.
    await advanceTransactionCounter(admin, newestEarly + 1000n);
    await admin.query('CREATE DATABASE restored');
    await admin.end();
    url = mixedFresh.url.replace(/\/postgres$/, '/restored');
    await run('pg_restore', ['--no-owner', `--dbname=${url}`, dump]);
    await rm(dumpDir, { recursive: true, force: true });
    pool = createPool(url);
  }, 300_000);

  afterAll(async () => {
    // Each is still unset when beforeAll failed before creating it, and the ones created before it must still go.
    /* eslint-disable @typescript-eslint/no-unnecessary-condition */
    await pool?.end();
    await mixedFresh?.stop();
    await rm(mixedDir, { recursive: true, force: true });
    await mixedSource?.drop();
    /* eslint-enable @typescript-eslint/no-unnecessary-condition */
  });

  it('refuses a role that may UPDATE events, but does not own them, any change of transaction id, ims.repairing_restore set or not', async () => {
    await pool.query(`CREATE ROLE ims_clerk NOLOGIN; GRANT SELECT, UPDATE ON events TO ims_clerk`);
    const rewrite = (setting: string) =>
      asRole(pool, 'ims_clerk', async (client) => {
        await client.query(`SET LOCAL ims.repairing_restore = '${setting}'`);
        return client.query(`UPDATE events SET transaction_id = '3' WHERE position = (SELECT max(position) FROM events)`);
      });
    await expect(rewrite('on')).rejects.toThrow('events are append-only: UPDATE refused');
    await expect(rewrite('off')).rejects.toThrow('events are append-only: UPDATE refused');
    await expect(asRole(pool, 'ims_clerk', (client) => client.query('SELECT ims_repair_restore(10)'))).rejects.toThrow(
      'permission denied for function ims_repair_restore',
    );
    expect(await countFutureEvents(pool)).toBe(9);
  });

  it('reads every stream in version order after the repair by the owner of the events, and consumers resume where they were', async () => {
    expect(await countFutureEvents(pool)).toBe(9);
    expect(await readAllFrom(pool)).toHaveLength(9);

    // The app's own role as deployed: it owns what the migrations made, and is no superuser.
    await pool.query(`CREATE ROLE ims_owner NOLOGIN NOSUPERUSER;
      ALTER TABLE events OWNER TO ims_owner; ALTER TABLE checkpoints OWNER TO ims_owner;
      ALTER TABLE store_epoch OWNER TO ims_owner; ALTER TABLE restore_repairs OWNER TO ims_owner;
      ALTER FUNCTION ims_repair_restore(integer) OWNER TO ims_owner`);
    const owner = await pool.connect();
    try {
      await owner.query('SET ROLE ims_owner');
      expect(await repairFutureTransactionIds(owner, () => undefined, 4)).toBe(18);
    } finally {
      await owner.query('RESET ROLE');
      owner.release();
    }
    const { rows: log } = await pool.query('SELECT checkpoints_moved, events_moved, finished_at FROM restore_repairs');
    expect(log).toEqual([{ checkpoints_moved: 1, events_moved: 18, finished_at: anyDate }]);
    const events = await readAllFrom(pool);
    expect(events).toHaveLength(18);
    for (const stream of ['mixed-0', 'mixed-1', 'mixed-2']) {
      const versions = events.filter((event) => event.streamId === stream).map((event) => event.streamVersion);
      expect(versions).toEqual([1, 2, 3, 4, 5, 6]);
    }
    const checkpoint = (await readCheckpoint(pool, 'after-five'))!;
    expect((await readAllFrom(pool, checkpoint)).map((event) => event.position)).toEqual(
      events.filter((event) => event.position > early[4]!.position).map((event) => event.position),
    );
    await expect(verifyHashChain(pool)).resolves.toMatchObject({ ok: true, checked: 18 });
  });
});
