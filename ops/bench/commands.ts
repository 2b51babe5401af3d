import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { migrateToLatest } from '../../db/src/migrate';
import { createPool } from '../../backend/src/database/pool';
import { EventStore } from '../../backend/src/event-store/event-store';
import { inParallel, startBenchCluster, timed } from './bench-database';
import { BENCH_MANAGER_PASSWORD, startBenchServer, type BenchServer, type ServerUsage } from './bench-server';
import { commandPathRates } from './command-path';
import { describeMaintenance, maintenanceBetween, maintenanceSoFar, type Maintenance } from './maintenance';
import { postgresCpuMs } from './process-cpu';
import { present, printHeadline, printTable } from './present';

/**
 * Stock movements per second through the whole HTTP stack (JWT, validation, command bus, decide,
 * group-committed append) on a durable embedded PostgreSQL, on distinct items and on one hot item,
 * against the raw append rate of the event store and the rate of the command side without HTTP,
 * both measured on the same cluster in the same run.
 */

const ITEMS = 2_000;
const CONNECTIONS = 64;
/** Fewer connections on distinct items: where latency and rate meet the goal, if anywhere. */
const SWEEP = [32, 48];
const GOAL = { perSecond: 2_000, p99: 50 };
const SECONDS = 15;
const RAW = { workers: 64, perWorker: 150 };

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function rawAppendRate(url: string): Promise<number> {
  const pool = createPool(url, { max: 30, genericPlans: true });
  const store = new EventStore(pool);
  try {
    const event = (n: number) => ({ type: 'StockMoved', data: { quantity: n }, metadata: { userId: 'bench' } });
    await store.append({ streamId: 'raw-warmup', expectedVersion: 0, events: [event(0)] });
    const { perSecond } = await timed(async () => {
      await inParallel(RAW.workers, RAW.perWorker, (worker, n) =>
        store.append({ streamId: `raw-${worker}`, expectedVersion: n, events: [event(n)] }).then(() => undefined),
      );
      return RAW.workers * RAW.perWorker;
    });
    return perSecond;
  } finally {
    await pool.end();
  }
}

/**
 * What one round trip to PostgreSQL costs this process: a trivial statement sent 2,000 times, one
 * at a time — the wall time and this process's CPU per statement (which the API pays for every
 * round trip whatever it carries).
 */
async function roundTripCost(url: string): Promise<{ wallUs: number; cpuUs: number }> {
  const pool = createPool(url, { max: 1 });
  try {
    const client = await pool.connect();
    try {
      for (let n = 0; n < 200; n += 1) await client.query('SELECT $1::int AS n', [n]);
      const count = 2000;
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      for (let n = 0; n < count; n += 1) await client.query('SELECT $1::int AS n', [n]);
      const wallUs = ((performance.now() - started) * 1000) / count;
      const cpu = process.cpuUsage(cpuBefore);
      return { wallUs, cpuUs: (cpu.user + cpu.system) / count };
    } finally {
      client.release();
    }
  } finally {
    await pool.end();
  }
}

export async function post<T>(url: string, token: string | undefined, body: unknown): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

export async function createItems(baseUrl: string, token: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  await inParallel(16, Math.ceil(count / 16), async (worker, n) => {
    const index = worker * Math.ceil(count / 16) + n;
    if (index >= count) return;
    const item = await post<{ id: string }>(`${baseUrl}/api/items`, token, {
      sku: `BENCH-${index}`,
      name: `Bench item ${index}`,
      quantity: 1_000_000,
    });
    ids.push(item.id);
  });
  return ids;
}

/**
 * `POST /api/stock-movements` for autocannon, round robin over `itemIds` from `cursor` (share one
 * cursor between load generators to spread them over the items).
 */
export function movementRequest(token: string, itemIds: readonly string[], cursor: { next: number }, keyed = false): autocannon.Request {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    setupRequest: (request) => {
      const itemId = present(itemIds[cursor.next++ % itemIds.length], 'item id');
      // IN and OUT alternate per item, so the stock stays put and no request is refused.
      const type = Math.floor(cursor.next / itemIds.length) % 2 === 0 ? 'IN' : 'OUT';
      const body = JSON.stringify({ itemId, type, quantity: 1 });
      // The web app sends every movement with a fresh Idempotency-Key, so that its retries are answered once.
      return keyed ? { ...request, headers: { ...request.headers, 'idempotency-key': randomUUID() }, body } : { ...request, body };
    },
  };
}

interface LoadResult {
  readonly name: string;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  /** Answers other than 2xx, by status code, e.g. "409×3". */
  readonly refused: string;
  /** Connection errors, of which timeouts. */
  readonly errors: number;
  readonly timeouts: number;
  /** Per successful movement, including the projections catching up after the load. */
  readonly cpu: CostPerMovement;
  /** What PostgreSQL's checkpoints and autovacuum did meanwhile. */
  readonly maintenance: Maintenance;
  /** The share of the load's time the API's one event loop was busy. */
  readonly loopBusy: number;
}

interface CostPerMovement {
  /** CPU milliseconds of each party. */
  readonly api: number;
  readonly postgres: number;
  /** autocannon, in this process. */
  readonly generator: number;
  /** Statements the API sent to PostgreSQL: its round trips. */
  readonly statements: number;
}

/** CPU milliseconds each party has used so far, the statements the API has sent, and PostgreSQL's maintenance counters. */
type CpuMeter = () => Promise<CostPerMovement & { maintenance: Maintenance; loop: ServerUsage['loop'] }>;

/**
 * The rate the CPU spent per movement allows on this machine with nothing else running: the API
 * is one Node process (one core at most), and all three parties share the cores.
 */
const idleCapacity = ({ api, postgres, generator }: CostPerMovement) =>
  Math.min(1000 / api, (cpus().length * 1000) / (api + postgres + generator));

const refusedByStatus = (stats: autocannon.Result['statusCodeStats']) =>
  Object.entries(stats ?? {})
    .filter(([code]) => !code.startsWith('2'))
    .map(([code, { count }]) => `${code}×${count ?? 0}`)
    .join(' ');

const settle = () => new Promise((resolve) => setTimeout(resolve, 1000));

async function load(
  name: string,
  server: BenchServer,
  cpu: CpuMeter,
  token: string,
  itemIds: readonly string[],
  { seconds = SECONDS, connections = CONNECTIONS, keyed = false } = {},
): Promise<LoadResult> {
  const before = await cpu();
  const result = await autocannon({
    url: `${server.baseUrl}/api/stock-movements`,
    connections,
    duration: seconds,
    requests: [movementRequest(token, itemIds, { next: 0 }, keyed)],
  });
  const ok = result['2xx'];
  const { loop } = await server.usage();
  await settle();
  const after = await cpu();
  const perMovement = (party: keyof CostPerMovement) => (after[party] - before[party]) / Math.max(ok, 1);
  return {
    name,
    perSecond: ok / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    refused: refusedByStatus(result.statusCodeStats) || '0',
    errors: result.errors,
    timeouts: result.timeouts,
    cpu: {
      api: perMovement('api'),
      postgres: perMovement('postgres'),
      generator: perMovement('generator'),
      statements: perMovement('statements'),
    },
    maintenance: maintenanceBetween(before.maintenance, after.maintenance),
    loopBusy: (loop.active - before.loop.active) / (loop.active - before.loop.active + loop.idle - before.loop.idle),
  };
}

export async function run(): Promise<void> {
  const cluster = await startBenchCluster();
  try {
    const rawUrl = await cluster.database('raw');
    await migrateToLatest(rawUrl);
    const raw = await rawAppendRate(rawUrl);
    const roundTrip = await roundTripCost(rawUrl);
    const pathUrl = await cluster.database('path');
    await migrateToLatest(pathUrl);
    const path = await commandPathRates(pathUrl, CONNECTIONS);

    const apiUrl = await cluster.database('api');
    await migrateToLatest(apiUrl);
    const server = await startBenchServer(apiUrl);
    const stats = createPool(apiUrl, { max: 1 });
    try {
      const { accessToken } = await post<{ accessToken: string }>(`${server.baseUrl}/api/auth/login`, undefined, {
        username: 'manager',
        password: BENCH_MANAGER_PASSWORD,
      });
      const cpu: CpuMeter = async () => {
        const generator = process.cpuUsage();
        const api = await server.usage();
        return {
          api: api.cpuMs,
          postgres: await postgresCpuMs(cluster.dataDir),
          generator: (generator.user + generator.system) / 1000,
          statements: api.statements,
          maintenance: await maintenanceSoFar(stats),
          loop: api.loop,
        };
      };
      const itemIds = await createItems(server.baseUrl, accessToken, ITEMS);
      await load('warm-up', server, cpu, accessToken, itemIds, { seconds: 3 });
      const results = [
        await load(`distinct items (${ITEMS}, round robin)`, server, cpu, accessToken, itemIds),
        await load('one hot item', server, cpu, accessToken, itemIds.slice(0, 1)),
        await load('distinct items, each with an Idempotency-Key as the app sends', server, cpu, accessToken, itemIds, { keyed: true }),
      ];
      const sweep = [];
      for (const connections of SWEEP)
        sweep.push({ connections, ...(await load('distinct items', server, cpu, accessToken, itemIds, { connections })) });
      sweep.push({ connections: CONNECTIONS, ...present(results[0], 'distinct-items result') });
      console.log(
        `\ncommands benchmark — POST /api/stock-movements, ${CONNECTIONS} connections, ${SECONDS} s each, durable embedded PostgreSQL 15`,
      );
      console.log(
        `machine: ${cpus().length} cores, load average ${loadavg()
          .map((n) => n.toFixed(1))
          .join(' ')} (other work on it slows every figure)`,
      );
      console.log(`raw event store, ${RAW.workers} concurrent 1-event appends: ${fmt(raw)} appends/s`);
      console.log(
        `one round trip to PostgreSQL (a trivial statement, one at a time): ${roundTrip.wallUs.toFixed(0)} µs, ${roundTrip.cpuUs.toFixed(0)} µs of the sender's CPU`,
      );
      console.log(
        `command side without HTTP (ItemCommandRunner + event store, ${CONNECTIONS} callers): ` +
          `distinct items ${fmt(path.distinct)}/s (${(path.distinct / raw).toFixed(2)} of raw), one hot item ${fmt(path.hot)}/s (${(path.hot / raw).toFixed(2)} of raw)`,
      );
      printTable(
        [
          'load',
          'movements/s',
          'p50 ms',
          'p99 ms',
          'non-2xx',
          'errors (timeouts)',
          'API CPU ms/movement',
          'API event loop busy',
          'ratio to raw appends',
        ],
        results.map((r) => [
          r.name,
          fmt(r.perSecond),
          r.p50.toFixed(1),
          r.p99.toFixed(1),
          r.refused,
          `${r.errors} (${r.timeouts})`,
          r.cpu.api.toFixed(2),
          `${(r.loopBusy * 100).toFixed(0)}%`,
          (r.perSecond / raw).toFixed(2),
        ]),
      );
      console.log(`\ndistinct items by connections (goal: ${fmt(GOAL.perSecond)}/s with p99 < ${GOAL.p99} ms):`);
      printTable(
        ['connections', 'movements/s', 'p50 ms', 'p99 ms', 'API event loop busy', 'goal'],
        sweep.map((r) => {
          const met = r.perSecond >= GOAL.perSecond && r.p99 < GOAL.p99;
          return [
            r.connections,
            fmt(r.perSecond),
            r.p50.toFixed(1),
            r.p99.toFixed(1),
            `${(r.loopBusy * 100).toFixed(0)}%`,
            met ? 'met' : 'not met',
          ];
        }),
      );
      // Pessimistic: other work on the machine inflates CPU per movement, and a slower run batches less.
      console.log(
        '\nCPU and statements (API to PostgreSQL) per movement, including projections catching up, and the rate that CPU would allow on this machine idle:',
      );
      printTable(
        [
          'load',
          'API ms',
          'PostgreSQL ms',
          'load generator ms',
          'statements',
          'idle-machine movements/s',
          'PostgreSQL maintenance meanwhile',
        ],
        [...results, ...sweep.slice(0, SWEEP.length).map((r) => ({ ...r, name: `${r.name}, ${r.connections} connections` }))].map((r) => [
          r.name,
          r.cpu.api.toFixed(2),
          r.cpu.postgres.toFixed(2),
          r.cpu.generator.toFixed(2),
          r.cpu.statements.toFixed(2),
          fmt(idleCapacity(r.cpu)),
          describeMaintenance(r.maintenance),
        ]),
      );
      const distinct = present(results[0], 'distinct-items result');
      const hot = present(results[1], 'hot-item result');
      const keyed = present(results[2], 'keyed result');
      printHeadline({
        distinctPerSecond: distinct.perSecond,
        distinctP99Ms: distinct.p99,
        distinctApiLoopBusy: distinct.loopBusy,
        hotPerSecond: hot.perSecond,
        keyedPerSecond: keyed.perSecond,
        keyedP99Ms: keyed.p99,
        apiCpuMsPerMovement: distinct.cpu.api,
        postgresCpuMsPerMovement: distinct.cpu.postgres,
        statementsPerMovement: distinct.cpu.statements,
        keyedApiCpuMsPerMovement: keyed.cpu.api,
        keyedPostgresCpuMsPerMovement: keyed.cpu.postgres,
        keyedStatementsPerMovement: keyed.cpu.statements,
        roundTripCpuUs: roundTrip.cpuUs,
      });
    } finally {
      await stats.end();
      await server.stop();
    }
  } finally {
    await cluster.close();
  }
}
