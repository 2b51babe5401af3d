import autocannon from 'autocannon';
import { cpus, loadavg } from 'node:os';
import type { Pool } from 'pg';
import { migrateToLatest } from '../../db/src/migrate';
import { createPool } from '../../backend/src/database/pool';
import { projectionsBehind, startBenchCluster } from './bench-database';
import { BENCH_MANAGER_PASSWORD, startBenchServer, type BenchServer } from './bench-server';
import { createItems, movementRequest, post } from './commands';
import { postgresCpuMs } from './process-cpu';
import { present, printHeadline, printTable } from './present';

/**
 * Stock movements per second through 1, 2 and 3 API replicas on one host and one durable
 * PostgreSQL, as the Swarm stack runs them (each replica its own process, LISTENing, running the
 * projectors under their checkpoint locks): the same 64 connections split evenly over the replicas.
 * Then back to one replica, so that a drifting machine shows. Beside each rate: the CPU each party
 * spent per movement, how long the projections took to catch up after the load, and PostgreSQL's
 * WAL flushes, the one primary's serial point.
 */

const ITEMS = 2_000;
const CONNECTIONS = 64;
const SECONDS = 15;
const STEPS = [1, 2, 3, 1] as const;

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

interface WalFigures {
  readonly flushes: number;
  /** Milliseconds PostgreSQL spent in fsync of the WAL (track_wal_io_timing). */
  readonly flushMs: number;
  readonly commits: number;
}

async function walFigures(pool: Pool): Promise<WalFigures> {
  const { rows } = await pool.query<{ flushes: string; flush_ms: number; commits: string }>(
    `SELECT wal_sync AS flushes, wal_sync_time AS flush_ms,
            (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()) AS commits
       FROM pg_stat_wal`,
  );
  const row = present(rows[0], 'pg_stat_wal row');
  return { flushes: Number(row.flushes), flushMs: row.flush_ms, commits: Number(row.commits) };
}

interface StepResult {
  readonly replicas: number;
  readonly perSecond: number;
  /** The worst replica's percentiles. */
  readonly p50: number;
  readonly p99: number;
  readonly failed: number;
  /** From the end of the load until every projection had applied every event. */
  readonly catchUpMs: number;
  readonly apiCpuMs: number;
  readonly postgresCpuMs: number;
  readonly movementsPerFlush: number;
  readonly msPerFlush: number;
  readonly commitsPerMovement: number;
}

async function loadThrough(servers: readonly BenchServer[], token: string, itemIds: readonly string[]) {
  const cursor = { next: 0 };
  const results = await Promise.all(
    servers.map((server) =>
      autocannon({
        url: `${server.baseUrl}/api/stock-movements`,
        connections: Math.round(CONNECTIONS / servers.length),
        duration: SECONDS,
        requests: [movementRequest(token, itemIds, cursor)],
      }),
    ),
  );
  return {
    ok: results.reduce((sum, result) => sum + result['2xx'], 0),
    failed: results.reduce((sum, result) => sum + result.non2xx + result.errors, 0),
    seconds: Math.max(...results.map((result) => result.duration)),
    p50: Math.max(...results.map((result) => result.latency.p50)),
    p99: Math.max(...results.map((result) => result.latency.p99)),
  };
}

async function step(
  servers: readonly BenchServer[],
  pool: Pool,
  dataDir: string,
  token: string,
  itemIds: readonly string[],
): Promise<StepResult> {
  const apiCpu = async () =>
    (await Promise.all(servers.map(async (server) => (await server.usage()).cpuMs))).reduce((sum, ms) => sum + ms, 0);
  const [apiBefore, postgresBefore, walBefore] = [await apiCpu(), await postgresCpuMs(dataDir), await walFigures(pool)];
  const load = await loadThrough(servers, token, itemIds);
  const loadEnded = performance.now();
  while ((await projectionsBehind(pool)) > 0) await new Promise((resolve) => setTimeout(resolve, 20));
  const catchUpMs = performance.now() - loadEnded;
  const [apiAfter, postgresAfter, walAfter] = [await apiCpu(), await postgresCpuMs(dataDir), await walFigures(pool)];
  const ok = Math.max(load.ok, 1);
  const flushes = Math.max(walAfter.flushes - walBefore.flushes, 1);
  return {
    replicas: servers.length,
    perSecond: load.ok / load.seconds,
    p50: load.p50,
    p99: load.p99,
    failed: load.failed,
    catchUpMs,
    apiCpuMs: (apiAfter - apiBefore) / ok,
    postgresCpuMs: (postgresAfter - postgresBefore) / ok,
    movementsPerFlush: load.ok / flushes,
    msPerFlush: (walAfter.flushMs - walBefore.flushMs) / flushes,
    commitsPerMovement: (walAfter.commits - walBefore.commits) / ok,
  };
}

export async function run(): Promise<void> {
  const cluster = await startBenchCluster();
  const servers: BenchServer[] = [];
  try {
    const url = await cluster.database('replicas');
    await migrateToLatest(url);
    const pool = createPool(url, { max: 4 });
    try {
      // Superuser on the embedded cluster: time each WAL fsync, for the flushes' cost below.
      await pool.query('ALTER SYSTEM SET track_wal_io_timing = on');
      await pool.query('SELECT pg_reload_conf()');
      servers.push(await startBenchServer(url));
      const first = present(servers[0], 'first replica');
      const { accessToken } = await post<{ accessToken: string }>(`${first.baseUrl}/api/auth/login`, undefined, {
        username: 'manager',
        password: BENCH_MANAGER_PASSWORD,
      });
      const itemIds = await createItems(first.baseUrl, accessToken, ITEMS);
      await loadThrough(servers, accessToken, itemIds.slice(0, 100));
      const results: StepResult[] = [];
      for (const replicas of STEPS) {
        while (servers.length < replicas) servers.push(await startBenchServer(url));
        while (servers.length > replicas) await present(servers.pop(), 'replica to stop').stop();
        results.push(await step(servers, pool, cluster.dataDir, accessToken, itemIds));
      }
      console.log(
        `\nreplicas benchmark — POST /api/stock-movements, ${CONNECTIONS} connections split over the replicas, ${SECONDS} s each, ${ITEMS} items, one durable embedded PostgreSQL 15`,
      );
      console.log(
        `machine: ${cpus().length} cores, load average ${loadavg()
          .map((n) => n.toFixed(1))
          .join(' ')} (every replica, PostgreSQL and the load generator share them)`,
      );
      printTable(
        [
          'replicas',
          'movements/s',
          'worst p50 ms',
          'worst p99 ms',
          'failed',
          'projections caught up after',
          'API CPU ms/movement (all replicas)',
          'PostgreSQL CPU ms/movement',
          'movements per WAL flush',
          'ms per WAL flush',
          'commits per movement',
        ],
        results.map((r) => [
          r.replicas,
          fmt(r.perSecond),
          r.p50.toFixed(1),
          r.p99.toFixed(1),
          r.failed,
          `${fmt(r.catchUpMs)} ms`,
          r.apiCpuMs.toFixed(2),
          r.postgresCpuMs.toFixed(2),
          r.movementsPerFlush.toFixed(1),
          r.msPerFlush.toFixed(2),
          r.commitsPerMovement.toFixed(2),
        ]),
      );
      const [one, two, three, oneAgain] = results.map((result, index) => present(result, `step ${index + 1}`));
      if (!one || !two || !three || !oneAgain) throw new Error('bench: a step is missing');
      // WAL flushes back to back: the rate one primary's log would allow if nothing else cost anything.
      const flushBound = (three.movementsPerFlush * 1000) / Math.max(three.msPerFlush, 0.001);
      console.log(
        `\nWAL flush bound at 3 replicas: ${three.movementsPerFlush.toFixed(1)} movements per flush × ${fmt(1000 / Math.max(three.msPerFlush, 0.001))} flushes/s = ${fmt(flushBound)} movements/s`,
      );
      printHeadline({
        replicas1PerSecond: one.perSecond,
        replicas2PerSecond: two.perSecond,
        replicas3PerSecond: three.perSecond,
        replicas1AgainPerSecond: oneAgain.perSecond,
        replicas3P99Ms: three.p99,
        replicas3ApiCpuMsPerMovement: three.apiCpuMs,
        replicas3PostgresCpuMsPerMovement: three.postgresCpuMs,
        walFlushBoundPerSecond: flushBound,
      });
    } finally {
      await pool.end();
    }
  } finally {
    for (const server of servers) await server.stop();
    await cluster.close();
  }
}
