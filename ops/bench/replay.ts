import type { Pool } from 'pg';
import { migrateToLatest } from '../../db/src/migrate';
import { createPool } from '../../backend/src/database/pool';
import { ALL_PROJECTIONS } from '../../backend/src/all-projections';
import { replayProjections, type ReplayPhase } from '../../backend/src/projections';
import { InventorySimulation, insertEvents } from '../../backend/src/inventory/testing/inventory-simulation';
import { liveAtHead, startBenchCluster, timed } from './bench-database';
import { present, printHeadline } from './present';

/**
 * `replay` of every projection over 1,000,000 events of 1,000 items (`BENCH_REPLAY_EVENTS`,
 * `BENCH_REPLAY_ITEMS` to try others) on a durable embedded PostgreSQL, against the physical
 * reference measured in the same run: one sequential read of the events table that touches every
 * row's content, as a replay must. Goal: ≥ 0.25 of that read.
 */

const EVENTS = Number(process.env.BENCH_REPLAY_EVENTS ?? 1_000_000);
const ITEMS = Number(process.env.BENCH_REPLAY_ITEMS ?? 1_000);
const CHUNK = 20_000;
const WRITERS = 2;

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const mb = (bytes: number) => `${fmt(bytes / 1024 / 1024)} MB`;

/**
 * Generated, not appended one by one: bulk INSERTs, each row still hashed and chained by the
 * table's trigger, by one writer per core, each on items of its own.
 */
async function generate(pool: Pool): Promise<number> {
  const start = Date.now() - 365 * 86_400_000;
  const perWriter = EVENTS / WRITERS;
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, writer) => {
      const simulation = new InventorySimulation(ITEMS / WRITERS, {
        seed: 42 + writer,
        archiveRate: 0,
        editRate: 0.02,
        skuPrefix: `W${writer}`,
      });
      const at = (n: number) => new Date(start + (n * WRITERS + writer) * 15_000);
      for (let done = 0; done < perWriter; done += CHUNK) {
        await insertEvents(pool, simulation.take(Math.min(CHUNK, perWriter - done)), at, done);
      }
    }),
  );
  await pool.query('VACUUM ANALYZE events');
  return EVENTS;
}

async function sequentialRead(pool: Pool): Promise<number> {
  const { rows } = await pool.query<{ rows: number }>(
    `SELECT count(*) AS rows, sum(length(e.data::text) + length(e.metadata::text)) AS bytes FROM events e`,
  );
  return rows[0]?.rows ?? 0;
}

function memoryPeak() {
  const peak = { rss: 0, heap: 0, rssAtStart: process.memoryUsage().rss };
  const sample = () => {
    const usage = process.memoryUsage();
    peak.rss = Math.max(peak.rss, usage.rss);
    peak.heap = Math.max(peak.heap, usage.heapUsed);
  };
  const timer = setInterval(sample, 100);
  sample();
  return { peak, stop: () => clearInterval(timer) };
}

export async function run(): Promise<void> {
  const cluster = await startBenchCluster();
  try {
    const url = await cluster.database('bench_replay');
    await migrateToLatest(url);
    // Sessions opened while the shared machine is loaded can take longer than the app's 5 s to start.
    const pool = createPool(url, { max: 10, connectionTimeoutMs: 60_000 });
    try {
      console.log(`generating ${fmt(EVENTS)} events of ${fmt(ITEMS)} items (bulk INSERT through the hash-chain trigger)…`);
      const generation = await timed(() => generate(pool));
      console.log(`  ${fmt(generation.perSecond)} events/s, ${generation.seconds.toFixed(1)} s`);
      await liveAtHead(pool);

      await sequentialRead(pool);
      const reference = await timed(() => sequentialRead(pool));

      const phases = new Map<string, number>();
      const started = performance.now();
      const memory = memoryPeak();
      const replay = await timed(async () => {
        const results = await replayProjections(pool, ALL_PROJECTIONS, {
          onProgress: ({ projection, phase }: { projection: string; phase: ReplayPhase }) => {
            if (!phases.has(`${projection} ${phase}`)) phases.set(`${projection} ${phase}`, performance.now() - started);
          },
        });
        return Math.min(...results.map((result) => result.events));
      });
      memory.stop();
      const { rows } = await pool.query<{ items: number; history: number; size: string }>(
        `SELECT (SELECT count(*) FROM read_items) AS items, (SELECT count(*) FROM read_item_history) AS history,
                pg_size_pretty(pg_total_relation_size('read_items') + pg_total_relation_size('read_item_history')) AS size`,
      );
      const sizes = present(rows[0], 'read model sizes');

      console.log(`\nreplay of all projections (${ALL_PROJECTIONS.map(({ name }) => name).join(', ')}), shadow tables swapped in`);
      console.log(
        `  events replayed             ${fmt(replay.count)} (read models: ${fmt(sizes.items)} items, ${fmt(sizes.history)} history rows, ${sizes.size})`,
      );
      console.log(`  time                        ${replay.seconds.toFixed(2)} s`);
      console.log(`  replay                      ${fmt(replay.perSecond)} events/s`);
      console.log(`  sequential read of events   ${fmt(reference.perSecond)} events/s  (physical reference, same run)`);
      console.log(`  ratio replay / reference    ${(replay.perSecond / reference.perSecond).toFixed(3)}  (goal ≥ 0.25)`);
      console.log(
        `  Node memory peak            rss ${mb(memory.peak.rss)} (${mb(memory.peak.rssAtStart)} when the replay began, generation included), heap ${mb(memory.peak.heap)}`,
      );
      console.log('  phases reached at (s)       ' + [...phases].map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)}`).join(', '));
      console.log('\n(2 shared cores: figures vary from run to run)');
      printHeadline({
        events: replay.count,
        seconds: replay.seconds,
        replayPerSecond: replay.perSecond,
        replayVsSequentialRead: replay.perSecond / reference.perSecond,
      });
    } finally {
      await pool.end();
    }
  } finally {
    await cluster.close();
  }
}
