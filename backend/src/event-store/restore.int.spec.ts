import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Pool } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database';
import { migrateToLatest } from '../../../db/src/migrate';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../database/embedded-postgres';
import { createPool } from '../database/pool';
import { ensureCheckpoint, readCheckpoint } from './checkpointed-batch';
import { EventStore } from './event-store';
import { EventStoreModule, RestoreNeedsRepairError } from './event-store.module';
import { verifyHashChain } from './hash-chain';
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

const readAllFrom = async (store: EventStore, from = START) => {
  const page = await store.readAll(from, 10_000);
  return page.events;
};

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
  const half = (await readAllFrom(store))[14]!;
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
  await restoredPool?.end();
  await sourcePool?.end();
  await fresh?.stop();
  await rm(freshDir, { recursive: true, force: true });
  await source?.drop();
});

describe('a logical dump restored into a fresh cluster', () => {
  it('is detected: its events carry transaction ids the new cluster has not reached, and readers see none', async () => {
    expect(await countFutureEvents(restoredPool)).toBe(30);
    expect(await readAllFrom(new EventStore(restoredPool))).toEqual([]);
  });

  it('stops the application from starting until it is repaired', async () => {
    const notifications = new StoreNotifications(restoredUrl);
    await expect(new EventStoreModule(restoredPool, notifications).onModuleInit()).rejects.toBeInstanceOf(
      RestoreNeedsRepairError,
    );
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
    const events = await readAllFrom(store);
    expect(events.map((e) => e.position)).toEqual([...events.map((e) => e.position)].sort((a, b) => a - b));
    expect(events).toHaveLength(30);
    await expect(verifyHashChain(restoredPool)).resolves.toMatchObject({ ok: true, checked: 30 });
    expect((await readEpoch(restoredPool)).epoch).not.toBe(epochBefore.epoch);

    const checkpoint = (await readCheckpoint(restoredPool, 'half-way'))!;
    expect(await readAllFrom(store, checkpoint)).toHaveLength(15);

    await store.append({ streamId: 'restored-0', expectedVersion: 10, events: [{ type: 'AfterRestore', data: {} }] });
    const after = await readAllFrom(store);
    expect(after.at(-1)?.type).toBe('AfterRestore');
    await expect(migrateToLatest(restoredUrl)).resolves.toEqual([]);
  });
});
