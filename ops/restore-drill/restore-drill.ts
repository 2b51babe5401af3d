import { execFile } from 'node:child_process';
import { chmod, copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Client, type Pool } from 'pg';
import { promisify } from 'node:util';
import { startEmbeddedPostgres, freePort, singleRow } from '../../backend/src/database';
import { readAnchor, readEpoch } from '../../backend/src/event-store';
import { connect, type Connection } from '../src/common/connection';
import type { Terminal } from '../src/common/terminal';
import { startApp, untilServing, type AppRun } from './app-process';
import { DrillClient, LiveWatcher } from './drill-client';
import { messageOf } from '../../backend/src/common';

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

/** The ops CLI's entry (`runOps` of ops/src/program), given to the drill so the drill need not import the program that runs it. */
export type OpsCli = (argv: readonly string[], terminal: Terminal, env: Record<string, string | undefined>) => Promise<number>;

/** The drill's working state and the tools every stage uses: a log, checks, the app, the ops CLI, the database. */
class Drill {
  readonly checks: DrillCheck[] = [];
  readonly epochs: string[] = [];
  readonly dataDir: string;
  readonly clusterDir: string;
  readonly anchorFile: string;
  readonly env: Record<string, string>;
  app: AppRun | undefined;
  watcher: LiveWatcher | undefined;

  constructor(
    readonly log: (line: string) => void,
    private readonly cli: OpsCli,
    readonly work: string,
    readonly port: number,
  ) {
    this.dataDir = join(work, 'data');
    this.clusterDir = join(this.dataDir, 'postgres');
    this.anchorFile = join(this.dataDir, 'chain-anchor.json');
    this.env = { IMS_DATA_DIR: this.dataDir };
  }

  check(what: string, ok: boolean): void {
    this.checks.push({ what, ok });
    this.log(`  ${ok ? 'ok  ' : 'FAIL'} ${what}`);
  }

  step(title: string): void {
    this.log(`\n== ${title}`);
  }

  /** An ops command as `npm run ops` runs it, its output indented into the drill's. */
  async ops(...args: string[]): Promise<{ code: number; out: string }> {
    this.log(`$ npm run ops -- ${args.join(' ')}`);
    const out = new PassThrough();
    const err = new PassThrough();
    let text = '';
    out.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      for (const line of chunk.toString().trimEnd().split('\n')) this.log(`    ${line}`);
    });
    err.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().trimEnd().split('\n')) this.log(`    ${line}`);
    });
    const code = await this.cli(args, { out, err }, this.env);
    return { code, out: text };
  }

  async appUp(): Promise<AppRun> {
    const app = startApp(this.dataDir, this.port, ADMIN_PASSWORD);
    this.app = app;
    await untilServing(app);
    this.log(`app serving on ${app.baseUrl}`);
    return app;
  }

  async appDown(): Promise<void> {
    await this.app?.stop();
    this.app = undefined;
    this.log('app stopped (and with it its PostgreSQL)');
  }

  async withConnection<T>(work: (connection: Connection) => Promise<T>): Promise<T> {
    const connection = await connect(this.env);
    try {
      return await work(connection);
    } finally {
      await connection.close();
    }
  }

  private withPool<T>(work: (pool: Pool) => Promise<T>): Promise<T> {
    return this.withConnection((connection) => work(connection.pool));
  }

  eventCount(): Promise<number> {
    return this.withPool(async (pool) => singleRow((await pool.query<{ n: number }>('SELECT count(*) AS n FROM events')).rows).n);
  }

  currentEpoch(): Promise<string> {
    return this.withPool(async (pool) => (await readEpoch(pool)).epoch);
  }

  /** The running app anchors the settled log every few seconds: a backup saves the anchor once it covers every event. */
  async untilAnchored(): Promise<void> {
    const head = await this.withPool(
      async (pool) => singleRow((await pool.query<{ head: number }>('SELECT max(position) AS head FROM events')).rows).head,
    );
    const deadline = Date.now() + 60_000;
    while (((await readAnchor(this.anchorFile))?.position ?? 0) < head) {
      if (Date.now() > deadline) throw new Error(`the app did not anchor the chain up to position ${head}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    this.log(`the app has anchored the chain up to position ${head} in ${this.anchorFile}`);
  }

  /** Replays while a reader keeps listing what the screens list: no failed read, no empty list. */
  async replayWhileServing(client: DrillClient): Promise<void> {
    const reading = { replaying: true };
    const reads = { done: 0, failed: 0, empty: 0 };
    const reader = (async () => {
      while (reading.replaying) {
        for (const path of ['/items?limit=20', '/stock-movements?limit=20']) {
          const answer = await client.call('GET', path).catch(() => undefined);
          const page = answer?.body as { items?: unknown[]; movements?: unknown[] } | undefined;
          if (answer?.status !== 200 || !page) reads.failed += 1;
          else if ((page.items ?? page.movements ?? []).length === 0) reads.empty += 1;
          reads.done += 1;
        }
      }
    })();
    const replayed = await this.ops('replay', '--batch-size', '200').finally(() => {
      reading.replaying = false;
    });
    await reader;
    this.check(
      `replay rebuilt and swapped in every projection while the app served, and verify agreed (exit ${replayed.code})`,
      replayed.code === 0,
    );
    this.check(
      `${reads.done} reads during the replay: ${reads.failed} failed, ${reads.empty} empty lists`,
      reads.done > 0 && reads.failed === 0 && reads.empty === 0,
    );
  }

  /**
   * After a restore and its repair: the log matches the backup's anchor, which becomes the app's; the
   * app starts in a new epoch, which the open tab is told of; the operator signs in and replays while
   * it serves. Answers the operator signed in.
   */
  async adoptAndServe(backup: string, anchor: string, watcher: LiveWatcher, toldTab: (epoch: string) => string): Promise<DrillClient> {
    this.check(
      `verify-chain: every hash recomputed, the log matches the ${backup}'s anchor, which becomes the app's`,
      (await this.ops('verify-chain', '--anchor', anchor, '--adopt')).code === 0 && (await this.ops('verify-chain')).code === 0,
    );
    const app = await this.appUp();
    const epoch = await this.currentEpoch();
    await watcher.until(() => watcher.resets.some((reset) => reset.epoch === epoch), 'a reset with the new epoch');
    this.check(toldTab(epoch), !this.epochs.includes(epoch));
    this.epochs.push(epoch);
    const client = await DrillClient.signIn(app.baseUrl, 'manager', ADMIN_PASSWORD);
    await this.replayWhileServing(client);
    return client;
  }
}

/** What the first stage leaves the later ones: the operator signed in, the items written to, and the open tab. */
interface Written {
  readonly client: DrillClient;
  readonly items: readonly string[];
  readonly watcher: LiveWatcher;
}

/** The app on a fresh (aged) cluster, an operator writing, a browser tab watching every write live. */
async function writeWithTabOpen(drill: Drill): Promise<Written> {
  drill.step('the app on a fresh embedded database, an operator writing, a browser tab open');
  await ageCluster(drill.dataDir, drill.port);
  drill.log(`the cluster used up ${AGE} transaction ids before the app's first start, as one in service for a while has`);
  const app = await drill.appUp();
  const client = await DrillClient.signIn(app.baseUrl, 'manager', ADMIN_PASSWORD);
  const watcher = new LiveWatcher(app.baseUrl, client.accessToken);
  drill.watcher = watcher;
  watcher.start();
  const items: string[] = [];
  for (let n = 0; n < ITEMS; n += 1) items.push(await client.createItem(n));
  await client.moves(items, MOVES);
  await watcher.until(() => watcher.frames.filter((f) => f.type === 'stock.moved').length === MOVES, `${MOVES} stock movements`);
  const epoch = watcher.epoch;
  if (epoch === undefined) throw new Error('the tab saw no epoch');
  drill.epochs.push(epoch);
  drill.log(`${ITEMS} items and ${MOVES} movements written; the tab saw each live (epoch ${epoch})`);
  drill.check('verify agrees with the events before any backup', (await drill.ops('verify')).code === 0);
  return { client, items, watcher };
}

/** Backup 1, a volume snapshot, then writes, then the snapshot put back: repair, adopt its anchor, replay. Answers the operator signed in again. */
async function restoreVolumeSnapshot(drill: Drill, { client: operator, items, watcher }: Written): Promise<DrillClient> {
  drill.step('backup 1: a volume snapshot (the stopped data directory, copied, the chain anchor with it)');
  await drill.untilAnchored();
  await drill.appDown();
  const snapshot = join(drill.work, 'volume-snapshot');
  const snapshotAnchor = join(drill.work, 'volume-snapshot.anchor.json');
  await run('cp', ['-a', drill.clusterDir, snapshot]);
  await copyFile(drill.anchorFile, snapshotAnchor);
  drill.log(`cp -a ${drill.clusterDir} ${snapshot}; cp ${drill.anchorFile} ${snapshotAnchor}`);
  await drill.appUp();
  const atSnapshot = await drill.eventCount();

  drill.step('writes go on after the snapshot');
  await operator.moves(items, AFTER_BACKUP);
  await watcher.until(() => watcher.lastPosition >= atSnapshot + AFTER_BACKUP, 'the writes after the snapshot');
  const seenBeforeRestore = watcher.lastPosition;
  drill.log(`${AFTER_BACKUP} more movements; the tab saw up to position ${seenBeforeRestore}, which the snapshot does not have`);
  await drill.untilAnchored();

  drill.step('restore the volume snapshot');
  await drill.appDown();
  await rm(drill.clusterDir, { recursive: true, force: true });
  await run('cp', ['-a', snapshot, drill.clusterDir]);
  drill.log(`put ${snapshot} back in place of ${drill.clusterDir}`);
  const repaired = await drill.ops('repair-restore');
  drill.check(
    'repair-restore: nothing to repair in a volume snapshot, and a new store epoch',
    repaired.code === 0 && repaired.out.includes('no transaction ids to repair'),
  );
  drill.check(
    `the events written after the snapshot are gone: ${await drill.eventCount()} events, as at the snapshot (${atSnapshot})`,
    (await drill.eventCount()) === atSnapshot,
  );
  const againstLive = await drill.ops('verify-chain');
  drill.check(
    `verify-chain: the app's anchor finds the events written after the snapshot missing (exit ${againstLive.code})`,
    againstLive.code === 1 &&
      new RegExp(`the log ends at position ${atSnapshot} .*: ${AFTER_BACKUP} events are missing`).test(againstLive.out),
  );
  const client = await drill.adoptAndServe(
    'snapshot',
    snapshotAnchor,
    watcher,
    (epoch) => `the open tab resumed with the old epoch and was told to refetch (reset, epoch ${epoch})`,
  );
  await client.moves(items, 10);
  await watcher.until(() => watcher.lastPosition >= atSnapshot + 10, 'the writes after the restore');
  drill.check(
    `new writes reuse positions the tab saw before the restore (now ${watcher.lastPosition}, seen ${seenBeforeRestore}): why the epoch changes`,
    watcher.lastPosition <= seenBeforeRestore,
  );
  return client;
}

/** Backup 2, a pg_dump, then writes, then the dump restored into a fresh cluster: the app refuses it until repaired; adopt, replay, status, verify. */
async function restoreDump(drill: Drill, { items, watcher }: Written, client: DrillClient): Promise<void> {
  drill.step('backup 2: a logical pg_dump of the running database, the chain anchor saved beside it first');
  await drill.untilAnchored();
  const dumpFile = join(drill.work, 'ims.dump');
  const dumpAnchor = `${dumpFile}.anchor.json`;
  await copyFile(drill.anchorFile, dumpAnchor);
  await drill.withConnection((connection) => run('pg_dump', ['--format=custom', `--file=${dumpFile}`, connection.url]));
  const atDump = await drill.eventCount();
  drill.log(`pg_dump --format=custom: ${atDump} events; the anchor in ${dumpAnchor}`);

  drill.step('writes go on after the dump');
  await client.moves(items, AFTER_BACKUP);
  await watcher.until(() => watcher.lastPosition >= atDump + AFTER_BACKUP, 'the writes after the dump');
  drill.log(`${AFTER_BACKUP} more movements; the tab saw up to position ${watcher.lastPosition}`);

  drill.step('restore the dump into a fresh cluster');
  await drill.appDown();
  await rm(drill.clusterDir, { recursive: true, force: true });
  const fresh = await startEmbeddedPostgres({ dataDir: drill.dataDir, port: drill.port });
  await run('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${fresh.url}`, dumpFile]);
  await fresh.stop();
  drill.log('initialised a new cluster in the data directory and pg_restore-d the dump into it');
  const refusedCode = await startApp(drill.dataDir, drill.port, ADMIN_PASSWORD).exited;
  const detected = JSON.parse((await drill.ops('status', '--json')).out) as { needingRepair: number };
  drill.check(
    `the app refuses to start on it (exit ${refusedCode}): all ${detected.needingRepair} events carry transaction ids this cluster has not reached`,
    refusedCode !== 0 && detected.needingRepair === atDump,
  );
  const repaired = await drill.ops('repair-restore');
  drill.check(
    `repair-restore moved every restored event's transaction id below the new cluster's counter`,
    repaired.code === 0 && new RegExp(`repaired ${atDump} events`).test(repaired.out),
  );
  const signedIn = await drill.adoptAndServe(
    'dump',
    dumpAnchor,
    watcher,
    (epoch) => `the open tab was told to refetch again (epoch ${epoch})`,
  );
  const beforeLive = watcher.frames.length;
  await signedIn.moves(items, 10);
  await watcher.until(
    () => watcher.frames.slice(beforeLive).filter((f) => f.type === 'stock.moved').length === 10,
    'live writes after the repair',
  );
  drill.check('writes after the repair are projected and reach the open tab live', true);
  const status = await drill.ops('status', '--json');
  const lags = (JSON.parse(status.out) as { projections: { lag: number }[] }).projections.map((p) => p.lag);
  drill.check(
    `status: every projection caught up (lags ${lags.join(', ')})`,
    lags.every((lag) => lag === 0),
  );
  drill.check('verify agrees with the events at the end', (await drill.ops('verify')).code === 0);
}

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
export async function runRestoreDrill(log: (line: string) => void, cli: OpsCli): Promise<DrillReport> {
  const work = await mkdtemp(join(tmpdir(), 'ims-restore-drill-'));
  // As root, PostgreSQL runs as `postgres`, which must reach the data directory inside.
  await chmod(work, 0o755);
  const drill = new Drill(log, cli, work, await freePort());
  try {
    const written = await writeWithTabOpen(drill);
    const client = await restoreVolumeSnapshot(drill, written);
    await restoreDump(drill, written, client);
  } catch (error) {
    drill.check(`the drill ran to the end: ${messageOf(error)}`, false);
  } finally {
    drill.watcher?.stop();
    await drill.appDown().catch(() => undefined);
    await rm(work, { recursive: true, force: true });
  }
  const { checks, epochs } = drill;
  const passed = checks.every((c) => c.ok);
  log(`\nVERDICT: ${passed ? 'PASSED' : 'FAILED'} — ${checks.filter((c) => c.ok).length} of ${checks.length} checks held`);
  return { passed, checks, epochs };
}
