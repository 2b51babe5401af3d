import { execFile } from 'node:child_process';
import { chmod, copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Client, type Pool } from 'pg';
import { promisify } from 'node:util';
import { startEmbeddedPostgres } from '../../backend/src/database/embedded-postgres';
import { freePort } from '../../backend/src/database/free-port';
import { readAnchor } from '../../backend/src/event-store/chain-anchor';
import { readEpoch } from '../../backend/src/event-store/store-epoch';
import { connect, type Connection } from '../src/connection';
import { runOps } from '../src/program';
import { startApp, untilServing, type AppRun } from './app-process';
import { DrillClient, LiveWatcher } from './drill-client';
import { messageOf } from '../../backend/src/common/errors/message-of';

const run = promisify(execFile);

/** A cluster in service is far older than the fresh one a dump is restored into: its transaction counter is ahead. */
async function ageCluster(dataDir: string, port: number): Promise<void> {
  const server = await startEmbeddedPostgres({ dataDir, port });
  const client = new Client({ connectionString: server.url });
  await client.connect();
  for (let n = 0; n < AGE; n += 1) await client.query('SELECT pg_current_xact_id()');
  await client.end();
  await server.stop();
}

export interface DrillCheck {
  readonly what: string;
  readonly ok: boolean;
}

export interface DrillReport {
  readonly passed: boolean;
  readonly checks: readonly DrillCheck[];
  /** The store epochs in order: created, after the snapshot's restore, after the dump's restore. */
  readonly epochs: readonly string[];
}

const ITEMS = 12;
const MOVES = 120;
/** Transaction ids the original cluster uses up before the dump (a fresh cluster starts below them). */
const AGE = 3000;
/** Writes after each backup: more than PostgreSQL may pre-allocate of a sequence (32), so positions are seen twice. */
const AFTER_BACKUP = 60;
const ADMIN_PASSWORD = 'drill-keeper-password';

/**
 * The ops story on the embedded database, both ways a team restores, against the real app
 * (`node dist/backend/src/main.js`, which runs its own PostgreSQL under IMS_DATA_DIR) with an
 * operator writing and a browser tab connected throughout:
 *
 * 1. a volume snapshot: the data directory copied while stopped, the chain's anchor with it; writes
 *    go on after it; the copy is put back; `verify-chain` finds the later events missing per the
 *    app's anchor, and adopts the snapshot's; `repair-restore` starts a new epoch; the app
 *    restarts; the open tab is told to refetch; `replay` rebuilds the read models while the app
 *    serves; `verify` agrees;
 * 2. a logical `pg_dump` with the anchor saved beside it, restored into a fresh cluster: writes go
 *    on after it; the app refuses to start on the restored cluster (its events' transaction ids
 *    lie in the future); `repair-restore` moves them; `verify-chain` matches the dump's anchor and
 *    adopts it; the app starts; the tab is told to refetch; `replay`, `verify`.
 */
export async function runRestoreDrill(log: (line: string) => void): Promise<DrillReport> {
  const checks: DrillCheck[] = [];
  const epochs: string[] = [];
  const check = (what: string, ok: boolean) => {
    checks.push({ what, ok });
    log(`  ${ok ? 'ok  ' : 'FAIL'} ${what}`);
  };
  const step = (title: string) => log(`\n== ${title}`);
  const work = await mkdtemp(join(tmpdir(), 'ims-restore-drill-'));
  // As root, PostgreSQL runs as `postgres`, which must reach the data directory inside.
  await chmod(work, 0o755);
  const dataDir = join(work, 'data');
  const clusterDir = join(dataDir, 'postgres');
  const port = await freePort();
  const env = { IMS_DATA_DIR: dataDir };
  let app: AppRun | undefined;
  let watcher: LiveWatcher | undefined;

  /** An ops command as `npm run ops` runs it, its output indented into the drill's. */
  const ops = async (...args: string[]): Promise<{ code: number; out: string }> => {
    log(`$ npm run ops -- ${args.join(' ')}`);
    const out = new PassThrough();
    const err = new PassThrough();
    let text = '';
    out.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      for (const line of chunk.toString().trimEnd().split('\n')) log(`    ${line}`);
    });
    err.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().trimEnd().split('\n')) log(`    ${line}`);
    });
    const code = await runOps(args, { out, err }, env);
    return { code, out: text };
  };
  const appUp = async () => {
    app = startApp(dataDir, port, ADMIN_PASSWORD);
    await untilServing(app);
    log(`app serving on ${app.baseUrl}`);
  };
  const appDown = async () => {
    await app?.stop();
    app = undefined;
    log('app stopped (and with it its PostgreSQL)');
  };
  const withConnection = async <T>(work: (connection: Connection) => Promise<T>): Promise<T> => {
    const connection = await connect(env);
    try {
      return await work(connection);
    } finally {
      await connection.close();
    }
  };
  const withPool = <T>(work: (pool: Pool) => Promise<T>) => withConnection((connection) => work(connection.pool));
  const eventCount = () => withPool(async (pool) => (await pool.query<{ n: number }>('SELECT count(*) AS n FROM events')).rows[0]!.n);
  const currentEpoch = () => withPool(async (pool) => (await readEpoch(pool)).epoch);
  const anchorFile = join(dataDir, 'chain-anchor.json');
  const headPosition = () => withPool(async (pool) => (await pool.query<{ head: number }>('SELECT max(position) AS head FROM events')).rows[0]!.head);
  /** The running app anchors the settled log every few seconds: a backup saves the anchor once it covers every event. */
  const untilAnchored = async () => {
    const head = await headPosition();
    const deadline = Date.now() + 60_000;
    while (((await readAnchor(anchorFile))?.position ?? 0) < head) {
      if (Date.now() > deadline) throw new Error(`the app did not anchor the chain up to position ${head}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    log(`the app has anchored the chain up to position ${head} in ${anchorFile}`);
  };
  /** Replays while a reader keeps listing what the screens list: no failed read, no empty list. */
  const replayWhileServing = async (client: DrillClient) => {
    let replaying = true;
    const reads = { done: 0, failed: 0, empty: 0 };
    const reader = (async () => {
      while (replaying) {
        for (const path of ['/items?limit=20', '/stock-movements?limit=20']) {
          const answer = await client.call<{ items?: unknown[]; movements?: unknown[] }>('GET', path).catch(() => undefined);
          if (!answer || answer.status !== 200) reads.failed += 1;
          else if ((answer.body.items ?? answer.body.movements ?? []).length === 0) reads.empty += 1;
          reads.done += 1;
        }
      }
    })();
    const replayed = await ops('replay', '--batch-size', '200').finally(() => {
      replaying = false;
    });
    await reader;
    check(`replay rebuilt and swapped in every projection while the app served, and verify agreed (exit ${replayed.code})`, replayed.code === 0);
    check(`${reads.done} reads during the replay: ${reads.failed} failed, ${reads.empty} empty lists`, reads.done > 0 && reads.failed === 0 && reads.empty === 0);
  };

  try {
    step('the app on a fresh embedded database, an operator writing, a browser tab open');
    await ageCluster(dataDir, port);
    log(`the cluster used up ${AGE} transaction ids before the app's first start, as one in service for a while has`);
    await appUp();
    let client = await DrillClient.signIn(app!.baseUrl, 'manager', ADMIN_PASSWORD);
    watcher = new LiveWatcher(app!.baseUrl, client.accessToken);
    watcher.start();
    const items: string[] = [];
    for (let n = 0; n < ITEMS; n += 1) items.push(await client.createItem(n));
    await client.moves(items, MOVES);
    await watcher.until(() => watcher!.frames.filter((f) => f.type === 'stock.moved').length === MOVES, `${MOVES} stock movements`);
    epochs.push(watcher.epoch!);
    log(`${ITEMS} items and ${MOVES} movements written; the tab saw each live (epoch ${watcher.epoch})`);
    check('verify agrees with the events before any backup', (await ops('verify')).code === 0);

    step('backup 1: a volume snapshot (the stopped data directory, copied, the chain anchor with it)');
    await untilAnchored();
    await appDown();
    const snapshot = join(work, 'volume-snapshot');
    const snapshotAnchor = join(work, 'volume-snapshot.anchor.json');
    await run('cp', ['-a', clusterDir, snapshot]);
    await copyFile(anchorFile, snapshotAnchor);
    log(`cp -a ${clusterDir} ${snapshot}; cp ${anchorFile} ${snapshotAnchor}`);
    await appUp();
    const atSnapshot = await eventCount();

    step('writes go on after the snapshot');
    await client.moves(items, AFTER_BACKUP);
    await watcher.until(() => watcher!.lastPosition >= atSnapshot + AFTER_BACKUP, 'the writes after the snapshot');
    const seenBeforeRestore = watcher.lastPosition;
    log(`${AFTER_BACKUP} more movements; the tab saw up to position ${seenBeforeRestore}, which the snapshot does not have`);
    await untilAnchored();

    step('restore the volume snapshot');
    await appDown();
    await rm(clusterDir, { recursive: true, force: true });
    await run('cp', ['-a', snapshot, clusterDir]);
    log(`put ${snapshot} back in place of ${clusterDir}`);
    const repairedSnapshot = await ops('repair-restore');
    check('repair-restore: nothing to repair in a volume snapshot, and a new store epoch', repairedSnapshot.code === 0 && /no transaction ids to repair/.test(repairedSnapshot.out));
    check(`the events written after the snapshot are gone: ${await eventCount()} events, as at the snapshot (${atSnapshot})`, (await eventCount()) === atSnapshot);
    const againstLive = await ops('verify-chain');
    check(
      `verify-chain: the app's anchor finds the events written after the snapshot missing (exit ${againstLive.code})`,
      againstLive.code === 1 && new RegExp(`the log ends at position ${atSnapshot} .*: ${AFTER_BACKUP} events are missing`).test(againstLive.out),
    );
    check(
      "verify-chain: every hash recomputed, the log matches the snapshot's anchor, which becomes the app's",
      (await ops('verify-chain', '--anchor', snapshotAnchor, '--adopt')).code === 0 && (await ops('verify-chain')).code === 0,
    );
    await appUp();
    const afterSnapshot = await currentEpoch();
    await watcher.until(() => watcher!.resets.some((reset) => reset.epoch === afterSnapshot), 'a reset with the new epoch');
    check(`the open tab resumed with the old epoch and was told to refetch (reset, epoch ${afterSnapshot})`, afterSnapshot !== epochs[0]);
    epochs.push(afterSnapshot);
    client = await DrillClient.signIn(app!.baseUrl, 'manager', ADMIN_PASSWORD);
    await replayWhileServing(client);
    await client.moves(items, 10);
    await watcher.until(() => watcher!.lastPosition >= atSnapshot + 10, 'the writes after the restore');
    check(
      `new writes reuse positions the tab saw before the restore (now ${watcher.lastPosition}, seen ${seenBeforeRestore}): why the epoch changes`,
      watcher.lastPosition <= seenBeforeRestore,
    );

    step('backup 2: a logical pg_dump of the running database, the chain anchor saved beside it first');
    await untilAnchored();
    const dumpFile = join(work, 'ims.dump');
    const dumpAnchor = `${dumpFile}.anchor.json`;
    await copyFile(anchorFile, dumpAnchor);
    await withConnection((connection) => run('pg_dump', ['--format=custom', `--file=${dumpFile}`, connection.url]));
    const atDump = await eventCount();
    log(`pg_dump --format=custom: ${atDump} events; the anchor in ${dumpAnchor}`);

    step('writes go on after the dump');
    await client.moves(items, AFTER_BACKUP);
    await watcher.until(() => watcher!.lastPosition >= atDump + AFTER_BACKUP, 'the writes after the dump');
    log(`${AFTER_BACKUP} more movements; the tab saw up to position ${watcher.lastPosition}`);

    step('restore the dump into a fresh cluster');
    await appDown();
    await rm(clusterDir, { recursive: true, force: true });
    const fresh = await startEmbeddedPostgres({ dataDir, port });
    await run('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${fresh.url}`, dumpFile]);
    await fresh.stop();
    log('initialised a new cluster in the data directory and pg_restore-d the dump into it');
    const refused = startApp(dataDir, port, ADMIN_PASSWORD);
    const refusedCode = await refused.exited;
    const detected = JSON.parse((await ops('status', '--json')).out) as { needingRepair: number };
    check(
      `the app refuses to start on it (exit ${refusedCode}): all ${detected.needingRepair} events carry transaction ids this cluster has not reached`,
      refusedCode !== 0 && detected.needingRepair === atDump,
    );
    const repairedDump = await ops('repair-restore');
    check(`repair-restore moved every restored event's transaction id below the new cluster's counter`, repairedDump.code === 0 && new RegExp(`repaired ${atDump} events`).test(repairedDump.out));
    check(
      "verify-chain: every hash recomputed, the log matches the dump's anchor, which becomes the app's",
      (await ops('verify-chain', '--anchor', dumpAnchor, '--adopt')).code === 0 && (await ops('verify-chain')).code === 0,
    );
    await appUp();
    const afterDump = await currentEpoch();
    await watcher.until(() => watcher!.resets.some((reset) => reset.epoch === afterDump), 'a reset with the new epoch');
    check(`the open tab was told to refetch again (epoch ${afterDump})`, !epochs.includes(afterDump));
    epochs.push(afterDump);
    client = await DrillClient.signIn(app!.baseUrl, 'manager', ADMIN_PASSWORD);
    await replayWhileServing(client);
    const beforeLive = watcher.frames.length;
    await client.moves(items, 10);
    await watcher.until(() => watcher!.frames.slice(beforeLive).filter((f) => f.type === 'stock.moved').length === 10, 'live writes after the repair');
    check('writes after the repair are projected and reach the open tab live', true);
    const status = await ops('status', '--json');
    const lags = (JSON.parse(status.out) as { projections: { lag: number }[] }).projections.map((p) => p.lag);
    check(`status: every projection caught up (lags ${lags.join(', ')})`, lags.every((lag) => lag === 0));
    check('verify agrees with the events at the end', (await ops('verify')).code === 0);
  } catch (error) {
    check(`the drill ran to the end: ${messageOf(error)}`, false);
  } finally {
    watcher?.stop();
    await appDown().catch(() => undefined);
    await rm(work, { recursive: true, force: true });
  }
  const passed = checks.every((c) => c.ok);
  log(`\nVERDICT: ${passed ? 'PASSED' : 'FAILED'} — ${checks.filter((c) => c.ok).length} of ${checks.length} checks held`);
  return { passed, checks, epochs };
}
