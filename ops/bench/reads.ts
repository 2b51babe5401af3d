import type { Pool } from 'pg';
import { migrateToLatest } from '../../db/src/migrate';
import { createPool } from '../../backend/src/database/pool';
import { ALL_PROJECTIONS } from '../../backend/src/all-projections';
import { replayProjections } from '../../backend/src/projections';
import { InventorySimulation, insertEvents } from '../../backend/src/inventory/testing/inventory-simulation';
import { BENCH_MANAGER_PASSWORD, startBenchServer } from './bench-server';
import { post } from './commands';
import { liveAtHead, startBenchCluster, timed } from './bench-database';
import { present, printHeadline } from './present';

/**
 * `reads`: the pages people open all day, at scale — 100,000 items and 10,000,000 events by default
 * (`BENCH_READS_ITEMS`, `BENCH_READS_EVENTS` to try smaller) — each read through the API on
 * localhost, warmed, then timed over many requests (the round trip on one host: server time plus
 * well under a millisecond). Goals: items first page and search ≤ 50 ms, history and stock-at ≤ 20 ms,
 * movements with filters ≤ 50 ms.
 */

const ITEMS = Number(process.env.BENCH_READS_ITEMS ?? 100_000);
const EVENTS = Number(process.env.BENCH_READS_EVENTS ?? 10_000_000);
const WRITERS = 2;
const CHUNK = 20_000;
const SAMPLES = 40;
const SPACING_MS = 5_000;

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** Bulk INSERTs through the hash-chain trigger, one writer per core, each with items of its own. */
async function generate(pool: Pool, startMs: number): Promise<void> {
  const perWriter = Math.floor(EVENTS / WRITERS);
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, writer) => {
      const simulation = new InventorySimulation(ITEMS / WRITERS, { seed: 7 + writer, editRate: 0.01, skuPrefix: `W${writer}` });
      const at = (n: number) => new Date(startMs + (n * WRITERS + writer) * SPACING_MS);
      for (let done = 0; done < perWriter; done += CHUNK) {
        await insertEvents(pool, simulation.take(Math.min(CHUNK, perWriter - done)), at, done);
        if ((done / CHUNK) % 50 === 0) console.log(`  writer ${writer}: ${fmt(done)} of ${fmt(perWriter)}`);
      }
    }),
  );
  await pool.query('VACUUM ANALYZE events');
}

/** The read models built as a replay builds them, with the live projectors' checkpoints at the head. */
async function project(pool: Pool): Promise<void> {
  await liveAtHead(pool);
  await replayProjections(pool, ALL_PROJECTIONS);
  await pool.query('VACUUM ANALYZE');
}

interface Timing {
  readonly p50: number;
  readonly p95: number;
}

/** Warms the path, then times `SAMPLES` requests one after another, each for the next of `paths`. */
async function timeReads(baseUrl: string, token: string, paths: readonly string[]): Promise<Timing> {
  const get = async (path: string) => {
    const response = await fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    await response.arrayBuffer();
  };
  for (const path of paths.slice(0, 5)) await get(path);
  const times: number[] = [];
  for (let n = 0; n < SAMPLES; n += 1) {
    const started = performance.now();
    await get(present(paths[n % paths.length], 'path'));
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: present(times[Math.floor(times.length / 2)], 'p50'), p95: present(times[Math.floor(times.length * 0.95)], 'p95') };
}

export async function run(): Promise<void> {
  const cluster = await startBenchCluster();
  try {
    const url = await cluster.database('bench_reads');
    await migrateToLatest(url);
    const pool = createPool(url, { max: 4 });
    const startMs = Date.now() - Math.ceil(EVENTS / WRITERS) * SPACING_MS * WRITERS;
    try {
      console.log(`generating ${fmt(EVENTS)} events of ${fmt(ITEMS)} items…`);
      const generation = await timed(async () => {
        await generate(pool, startMs);
        return EVENTS;
      });
      console.log(`  ${fmt(generation.perSecond)} events/s, ${generation.seconds.toFixed(0)} s`);
      const projection = await timed(async () => {
        await project(pool);
        return EVENTS;
      });
      console.log(`read models built by a replay in ${projection.seconds.toFixed(0)} s`);
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
      const reads = await readPaths(url);
      const figures = new Map<string, Timing>();
      for (const [name, paths] of reads) figures.set(name, await timeReads(server.baseUrl, accessToken, paths));
      console.log(
        `\nreads benchmark — ${fmt(ITEMS)} items, ${fmt(EVENTS)} events, ${SAMPLES} requests each after a warm-up, one at a time`,
      );
      console.log('| read | p50 ms | p95 ms | goal |');
      console.log('|---|---|---|---|');
      for (const [name, timing] of figures)
        console.log(`| ${name} | ${timing.p50.toFixed(1)} | ${timing.p95.toFixed(1)} | ≤ ${GOALS[name as ReadName]} ms |`);
      const p50 = (name: ReadName) => present(figures.get(name), name).p50;
      printHeadline({
        itemsFirstPageMs: p50('items, first page'),
        searchMs: p50('items, search by SKU or name'),
        historyMs: p50('item history, first page'),
        stockAtMs: p50('stock-at'),
        movementsMs: p50('movements, filtered'),
      });
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
