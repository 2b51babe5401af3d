import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, type Pool } from 'pg';
import { migrateToLatest } from '../../db/src/migrate';
import { createPool } from '../../backend/src/database/pool';
import { ALL_PROJECTIONS } from '../../backend/src/all-projections';
import { replayProjections, type Projection } from '../../backend/src/projections';
import { InventorySimulation, insertEvents } from '../../backend/src/inventory/testing/inventory-simulation';
import { BENCH_MANAGER_PASSWORD, startBenchServer, type BenchServer } from './bench-server';
import { post } from './commands';
import { liveAtHead, startBenchCluster, timed } from './bench-database';
import { present, printHeadline } from './present';

/**
 * `reads`: the pages people open all day, at scale — 100,000 items and 10,000,000 events by default
 * (`BENCH_READS_ITEMS`, `BENCH_READS_EVENTS` to try smaller) — each read through the API on
 * localhost, warmed, then timed over many requests (the round trip on one host: server time plus
 * well under a millisecond) and as the server's own time (its `Server-Timing`). Goals: items first
 * page and search ≤ 50 ms, history and stock-at ≤ 20 ms, movements with filters ≤ 50 ms.
 *
 * Seeding 10,000,000 events takes the better part of an hour, so `BENCH_READS_DATA_DIR=/path` keeps
 * the cluster there: a run seeds it only when empty, applies new migrations, and rebuilds only the
 * read models whose projection is new or of another version than the one built there.
 */

const ITEMS = Number(process.env.BENCH_READS_ITEMS ?? 100_000);
const EVENTS = Number(process.env.BENCH_READS_EVENTS ?? 10_000_000);
const WRITERS = 2;
const CHUNK = 20_000;
const SAMPLES = 40;
const SPACING_MS = 5_000;

const KEPT_DIR = process.env.BENCH_READS_DATA_DIR;

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** What a kept cluster holds, in `bench-reads.json` beside it: the seed's size and each read model's projection version. */
interface Seed {
  readonly items: number;
  readonly events: number;
  readonly readModels: Readonly<Record<string, number>>;
}

const seedFile = (dataDir: string) => join(dataDir, 'bench-reads.json');

async function readSeed(dataDir: string): Promise<Seed | undefined> {
  const text = await readFile(seedFile(dataDir), 'utf8').catch(() => undefined);
  return text === undefined ? undefined : (JSON.parse(text) as Seed);
}

const writeSeed = (dataDir: string, seed: Seed) => writeFile(seedFile(dataDir), `${JSON.stringify(seed, null, 2)}\n`);

/**
 * Bulk INSERTs through the hash-chain trigger, one writer per core, each with items of its own and a
 * connection of its own: making a chunk blocks the event loop for seconds on a loaded machine, longer
 * than a pool waits for another writer's connection to open.
 */
async function generate(url: string, startMs: number): Promise<void> {
  const perWriter = Math.floor(EVENTS / WRITERS);
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, writer) => {
      const connection = new Client({ connectionString: url });
      await connection.connect();
      try {
        const simulation = new InventorySimulation(ITEMS / WRITERS, { seed: 7 + writer, editRate: 0.01, skuPrefix: `W${writer}` });
        const at = (n: number) => new Date(startMs + (n * WRITERS + writer) * SPACING_MS);
        for (let done = 0; done < perWriter; done += CHUNK) {
          await insertEvents(connection, simulation.take(Math.min(CHUNK, perWriter - done)), at, done);
          if ((done / CHUNK) % 50 === 0) console.log(`  writer ${writer}: ${fmt(done)} of ${fmt(perWriter)}`);
        }
      } finally {
        await connection.end();
      }
    }),
  );
}

/** The read models built as a replay builds them, with the live projectors' checkpoints at the head. */
async function project(pool: Pool, projections: readonly Projection[]): Promise<void> {
  await liveAtHead(pool);
  await replayProjections(pool, projections);
  await pool.query('VACUUM ANALYZE');
}

/**
 * Seeds the events unless the kept cluster has them, then rebuilds the read models that are not
 * built at their projection's current version; returns what the cluster then holds.
 */
async function prepare(url: string, pool: Pool, seed: Seed | undefined, migrated: boolean): Promise<Seed> {
  if (seed && (seed.items !== ITEMS || seed.events !== EVENTS)) {
    throw new Error(`${KEPT_DIR} holds ${fmt(seed.items)} items and ${fmt(seed.events)} events: use another BENCH_READS_DATA_DIR`);
  }
  if (!seed) {
    const { rows } = await pool.query<{ some: boolean }>('SELECT EXISTS (SELECT 1 FROM events) AS some');
    if (present(rows[0], 'events').some) throw new Error(`${KEPT_DIR} holds a seed that did not finish: remove it and run again`);
    console.log(`generating ${fmt(EVENTS)} events of ${fmt(ITEMS)} items…`);
    const startMs = Date.now() - Math.ceil(EVENTS / WRITERS) * SPACING_MS * WRITERS;
    const generation = await timed(async () => {
      await generate(url, startMs);
      await pool.query('VACUUM ANALYZE events');
      return EVENTS;
    });
    console.log(`  ${fmt(generation.perSecond)} events/s, ${generation.seconds.toFixed(0)} s`);
    // Kept at once: the seed is the hour's work; a read model that fails to build is rebuilt on the next run.
    if (KEPT_DIR !== undefined) await writeSeed(KEPT_DIR, { items: ITEMS, events: EVENTS, readModels: {} });
  }
  const built = seed?.readModels ?? {};
  const stale = ALL_PROJECTIONS.filter((projection) => built[projection.name] !== projection.version);
  if (stale.length > 0) {
    const projection = await timed(async () => {
      await project(pool, stale);
      return EVENTS;
    });
    console.log(`read models ${stale.map(({ name }) => name).join(', ')} built by a replay in ${projection.seconds.toFixed(0)} s`);
  } else {
    console.log(`read models as built before${migrated ? ', statistics refreshed after the new migrations' : ''}`);
    if (migrated) await pool.query('ANALYZE');
  }
  return { items: ITEMS, events: EVENTS, readModels: Object.fromEntries(ALL_PROJECTIONS.map(({ name, version }) => [name, version])) };
}

/**
 * Seconds until the API's start-up work is done (its low-stock sweep asks about every item low now,
 * thousands at this scale): until it spends under 5% of a core over a second, so that no read is timed beside it.
 */
async function untilIdle(server: BenchServer): Promise<number> {
  const started = performance.now();
  let spent = (await server.usage()).cpuMs;
  for (;;) {
    await sleep(1000);
    const now = (await server.usage()).cpuMs;
    if (now - spent < 50) return (performance.now() - started) / 1000;
    spent = now;
  }
}

interface Timing {
  readonly p50: number;
  readonly p95: number;
}

const percentiles = (times: number[]): Timing => {
  times.sort((a, b) => a - b);
  return { p50: present(times[Math.floor(times.length / 2)], 'p50'), p95: present(times[Math.floor(times.length * 0.95)], 'p95') };
};

/** The `dur` of the bench server's `Server-Timing` header (command-bench-server.ts). */
const serverTime = (response: Response): number => {
  const duration = /dur=([\d.]+)/.exec(response.headers.get('server-timing') ?? '')?.[1];
  return Number(present(duration, 'Server-Timing'));
};

/** Warms the path, then times `SAMPLES` requests one after another, each for the next of `paths`: the round trip and the server's time. */
async function timeReads(baseUrl: string, token: string, paths: readonly string[]): Promise<{ roundTrip: Timing; server: Timing }> {
  const get = async (path: string) => {
    const response = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    await response.arrayBuffer();
    return response;
  };
  for (const path of paths.slice(0, 5)) await get(path);
  const roundTrips: number[] = [];
  const serverTimes: number[] = [];
  for (let n = 0; n < SAMPLES; n += 1) {
    const started = performance.now();
    const response = await get(present(paths[n % paths.length], 'path'));
    roundTrips.push(performance.now() - started);
    serverTimes.push(serverTime(response));
  }
  return { roundTrip: percentiles(roundTrips), server: percentiles(serverTimes) };
}

export async function run(): Promise<void> {
  const cluster = await startBenchCluster(KEPT_DIR);
  try {
    const url = await cluster.database('bench_reads');
    const migrated = await migrateToLatest(url);
    // A replay of every projection at once: a connection each and one for its index builds, which at this scale take minutes.
    const pool = createPool(url, { max: 10, connectionTimeoutMs: 600_000 });
    try {
      const seed = await prepare(url, pool, KEPT_DIR === undefined ? undefined : await readSeed(KEPT_DIR), migrated.length > 0);
      if (KEPT_DIR !== undefined) await writeSeed(KEPT_DIR, seed);
      const { rows } = await pool.query<{ moves: number }>(
        `SELECT count(*)::int AS moves FROM read_item_history GROUP BY item_id ORDER BY count(*) DESC LIMIT 1`,
      );
      console.log(`busiest item: ${fmt(present(rows[0], 'busiest item').moves)} history entries`);
    } finally {
      await pool.end();
    }
    const server = await startBenchServer(url);
    try {
      const { accessToken } = await post<{ accessToken: string }>(`${server.baseUrl}/api/auth/login`, undefined, {
        username: 'manager',
        password: BENCH_MANAGER_PASSWORD,
      });
      console.log(`the API settled after ${(await untilIdle(server)).toFixed(0)} s`);
      const reads = await readPaths(url);
      const figures = new Map<ReadName, { roundTrip: Timing; server: Timing }>();
      for (const [name, paths] of reads) figures.set(name, await timeReads(server.baseUrl, accessToken, paths));
      console.log(
        `\nreads benchmark — ${fmt(ITEMS)} items, ${fmt(EVENTS)} events, ${SAMPLES} requests each after a warm-up, one at a time`,
      );
      console.log('| read | p50 ms | p95 ms | server p50 ms | server p95 ms | goal |');
      console.log('|---|---|---|---|---|---|');
      for (const [name, { roundTrip, server: inServer }] of figures) {
        const cells = [roundTrip.p50, roundTrip.p95, inServer.p50, inServer.p95].map((ms) => ms.toFixed(1));
        console.log(`| ${name} | ${cells.join(' | ')} | ≤ ${GOALS[name]} ms |`);
      }
      const p50 = (name: ReadName, of: 'roundTrip' | 'server') => present(figures.get(name), name)[of].p50;
      printHeadline(
        Object.fromEntries(
          Object.entries(HEADLINES).flatMap(([key, name]) => [
            [`${key}Ms`, p50(name, 'roundTrip')],
            [`${key}ServerMs`, p50(name, 'server')],
          ]),
        ),
      );
    } finally {
      await server.stop();
    }
  } finally {
    await cluster.close();
  }
}

const GOALS = {
  'items, first page': 50,
  'items, search by SKU or name': 50,
  'item history, first page': 20,
  'stock-at': 20,
  'movements, filtered': 50,
} as const;
type ReadName = keyof typeof GOALS;

/** The headline's keys: `<key>Ms` the round trip's p50, `<key>ServerMs` the server's. */
const HEADLINES: Record<string, ReadName> = {
  itemsFirstPage: 'items, first page',
  search: 'items, search by SKU or name',
  history: 'item history, first page',
  stockAt: 'stock-at',
  movements: 'movements, filtered',
};

/** For each read, the requests to time in turn: varied, so that no single cached answer flatters it. */
async function readPaths(url: string): Promise<Map<ReadName, string[]>> {
  const pool = createPool(url, { max: 1 });
  try {
    const { rows: items } = await pool.query<{ id: string; sku: string; name: string }>(
      `SELECT id, sku, name FROM read_items ORDER BY md5(id::text) LIMIT 20`,
    );
    const { rows: span } = await pool.query<{ first: Date; last: Date }>(
      `SELECT min(recorded_at) AS first, max(recorded_at) AS last FROM events`,
    );
    const { first, last } = present(span[0], 'time span');
    const at = (fraction: number) => new Date(first.getTime() + (last.getTime() - first.getTime()) * fraction).toISOString();
    const { rows: users } = await pool.query<{ user_id: string }>(
      `SELECT DISTINCT metadata->>'userId' AS user_id FROM events WHERE position < 1000`,
    );
    const days = (from: number) => `from=${encodeURIComponent(at(from))}&to=${encodeURIComponent(at(from + 0.02))}`;
    return new Map<ReadName, string[]>([
      ['items, first page', ['/api/items?limit=50', '/api/items?limit=50&sort=name', '/api/items?limit=50&lowStock=true']],
      [
        'items, search by SKU or name',
        items.flatMap(({ sku, name }) => [
          `/api/items?limit=50&search=${encodeURIComponent(sku)}`,
          `/api/items?limit=50&search=${encodeURIComponent(name)}`,
        ]),
      ],
      ['item history, first page', items.map(({ id }) => `/api/items/${id}/history?limit=50`)],
      ['stock-at', items.map(({ id }, n) => `/api/items/${id}/stock-at?at=${encodeURIComponent(at((n + 1) / (items.length + 1)))}`)],
      [
        'movements, filtered',
        [
          ...items.slice(0, 5).map(({ id }) => `/api/stock-movements?limit=50&itemId=${id}`),
          ...users.map(({ user_id }, n) => `/api/stock-movements?limit=50&userId=${user_id}&${days(n / 10)}`),
          ...['IN', 'OUT', 'ADJUST'].map((type, n) => `/api/stock-movements?limit=50&type=${type}&${days(0.3 + n / 10)}`),
        ],
      ],
    ]);
  } finally {
    await pool.end();
  }
}
