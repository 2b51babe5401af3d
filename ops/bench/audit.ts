import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Pool, PoolClient } from 'pg';
import { migrateToLatest } from '../../db/src/migrate';
import { EventLog, eventLogQuery, spanOf, type EventFilter, type PageWindow } from '../../backend/src/audit/event-log';
import { EXPORT_SHAPES } from '../../backend/src/audit/export-formats';
import { createPool } from '../../backend/src/database/pool';
import { startBenchCluster, timed } from './bench-database';
import { present, printHeadline, printTable } from './present';

/**
 * The audit log at scale: N events (IMS_BENCH_EVENTS, default 2,000,000) over a year, 1,000 item
 * streams and 20 users. For each filter, the first page as EventLog reads it: its plan (EXPLAIN
 * ANALYZE) with the indexes of migration 005 and, in a rolled-back transaction, without them.
 * Then the CSV export and the hash-chain check end to end, in events/s.
 */

const EVENTS = Number(process.env.IMS_BENCH_EVENTS ?? 2_000_000);
const CHUNK = 100_000;
const ITEMS = 1000;
const PAGE = 100;
const AUDIT_INDEXES = ['events_stream_position', 'events_type_position', 'events_user_position', 'events_recorded_at_position'];

/** Event n: stream item-(n mod 1000) at version n/1000+1, ~1% ItemChanged, a rare alert type, user u(n mod 19) or a rare one. */
async function generate(pool: Pool): Promise<void> {
  for (let start = 0; start < EVENTS; start += CHUNK) {
    await pool.query(
      `INSERT INTO events (stream_id, stream_version, type, data, metadata, recorded_at)
       SELECT 'item-' || (n % ${ITEMS}), n / ${ITEMS} + 1,
              CASE WHEN n < ${ITEMS} OR n % 97 = 0 THEN 'ItemChanged' WHEN n % 5003 = 0 THEN 'LowStockAlertRaised' ELSE 'StockMoved' END,
              jsonb_build_object('itemId', n % ${ITEMS}, 'quantity', n % 7 + 1, 'reason', 'bench'),
              jsonb_build_object('userId', CASE WHEN n % 10007 = 0 THEN 'rare-user' ELSE 'u' || (n % 19) END,
                                 'correlationId', md5(n::text)),
              now() - interval '365 days' + n * (interval '365 days' / $2::float8)
         FROM generate_series($1::bigint, $1::bigint + $3 - 1) AS n`,
      [start, EVENTS, Math.min(CHUNK, EVENTS - start)],
    );
    process.stdout.write(`\rgenerated ${(start + CHUNK).toLocaleString('en-US')} events`);
  }
  process.stdout.write('\n');
  await pool.query('VACUUM ANALYZE events');
}

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

const nodes = (plan: PlanNode): PlanNode[] => [plan, ...(plan.Plans ?? []).flatMap(nodes)];

function describe(plan: PlanNode): string {
  return nodes(plan)
    .filter((node) => node['Node Type'] !== 'Limit')
    .map((node) => (node['Index Name'] ? `${node['Node Type']} on ${node['Index Name']}` : node['Node Type']))
    .join(' > ');
}

interface Explained {
  /** The span probe (when a `from` is given) plus the page query's execution time. */
  readonly ms: number;
  readonly plan: string;
  readonly rows: number;
}

/** The page as EventLog reads it: the span of a time range when worth it, then the page query, explained. */
async function explain(db: Pool | PoolClient, filter: EventFilter, window: PageWindow, horizon: number): Promise<Explained> {
  const started = performance.now();
  const span = await spanOf(db, filter, window, horizon);
  const probeMs = performance.now() - started;
  if (span === null) return { ms: probeMs, plan: 'empty range (probe only)', rows: 0 };
  const query = eventLogQuery(filter, window, horizon, PAGE + 1, span);
  const { rows } = await db.query<{ 'QUERY PLAN': [{ Plan: PlanNode & { 'Actual Rows': number }; 'Execution Time': number }] }>(
    `EXPLAIN (ANALYZE, FORMAT JSON) ${query.text}`,
    query.values,
  );
  const [result] = present(rows[0], 'EXPLAIN output')['QUERY PLAN'];
  const plan = (span ? 'span probe, then ' : '') + describe(result.Plan);
  return { ms: probeMs + result['Execution Time'], plan, rows: result.Plan['Actual Rows'] };
}

const iso = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString();

const OLDEST_FIRST: PageWindow = { after: 0, order: 'asc' };
const NEWEST_FIRST: PageWindow = { after: 0, order: 'desc' };
const middle = (head: number): PageWindow => ({ after: Math.floor(head / 2), order: 'asc' });

const CASES: [name: string, filter: EventFilter, window?: (head: number) => PageWindow][] = [
  ['no filter', {}],
  ['no filter, page in the middle', {}, middle],
  ['no filter, newest first', {}, () => NEWEST_FIRST],
  ['one stream', { streamId: 'item-500' }],
  ['one stream, page in the middle', { streamId: 'item-500' }, middle],
  ['one stream, newest first', { streamId: 'item-500' }, () => NEWEST_FIRST],
  ['common type (StockMoved)', { type: 'StockMoved' }],
  ['type ItemChanged (~1%)', { type: 'ItemChanged' }],
  ['rare type (0.02%)', { type: 'LowStockAlertRaised' }],
  ['rare type, newest first', { type: 'LowStockAlertRaised' }, () => NEWEST_FIRST],
  ['common user (1/19)', { userId: 'u7' }],
  ['rare user (0.01%)', { userId: 'rare-user' }],
  ['one hour, half a year ago', { from: iso(180), to: iso(180 - 1 / 24) }],
  ['one day, half a year ago', { from: iso(180), to: iso(179) }],
  ['one day, half a year ago, newest first', { from: iso(180), to: iso(179) }, () => NEWEST_FIRST],
  ['last 30 days (from only)', { from: iso(30) }],
  ['since half a year ago (from only)', { from: iso(182) }],
  ['the whole year (from only)', { from: iso(366) }],
  ['first week (to only)', { to: iso(358) }],
  ['first week (to only), newest first', { to: iso(358) }, () => NEWEST_FIRST],
  ['last 30 days (from only), newest first', { from: iso(30) }, () => NEWEST_FIRST],
  ['ItemChanged in one week', { type: 'ItemChanged', from: iso(100), to: iso(93) }],
  ['rare user in one stream', { userId: 'rare-user', streamId: 'item-70' }],
];

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => n.toFixed(n < 10 ? 2 : 0);

export async function run(): Promise<void> {
  const cluster = await startBenchCluster();
  const url = await cluster.database('audit');
  await migrateToLatest(url);
  const pool = createPool(url, { max: 4 });
  try {
    const generated = await timed(async () => {
      await generate(pool);
      return EVENTS;
    });
    console.log(
      `generated ${fmt(EVENTS)} events in ${generated.seconds.toFixed(0)} s (${fmt(generated.perSecond)}/s, hash chain included)`,
    );
    const head = present((await pool.query<{ head: number }>('SELECT max(position) AS head FROM events')).rows[0], 'head position').head;

    const withIndexes: Explained[] = [];
    for (const [, filter, window] of CASES) withIndexes.push(await explain(pool, filter, window?.(head) ?? OLDEST_FIRST, head));
    const client = await pool.connect();
    const without: Explained[] = [];
    try {
      await client.query('BEGIN');
      await client.query(`DROP INDEX ${AUDIT_INDEXES.join(', ')}`);
      for (const [, filter, window] of CASES) without.push(await explain(client, filter, window?.(head) ?? OLDEST_FIRST, head));
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }

    console.log(`\naudit log, first page of ${PAGE} at ${fmt(EVENTS)} events (EXPLAIN ANALYZE execution time; 2 shared cores, noisy)`);
    printTable(
      ['filter', 'rows', 'ms', 'plan', 'ms without 005 indexes', 'plan without', 'speed-up'],
      CASES.map(([name], i) => {
        const a = present(withIndexes[i], `${name} with indexes`);
        const b = present(without[i], `${name} without indexes`);
        return [name, a.rows, ms(a.ms), a.plan, ms(b.ms), b.plan, `${(b.ms / a.ms).toFixed(1)}x`];
      }),
    );

    const log = new EventLog(pool);
    let bytes = 0;
    const sink = new Writable({
      write: (chunk: Buffer, _, done) => {
        bytes += chunk.length;
        done();
      },
    });
    let peak = 0;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
    const exported = await timed(async () => {
      const { events } = await log.export({}, 0);
      await pipeline(Readable.from(events), EXPORT_SHAPES.csv.encoder(), sink);
      return EVENTS;
    });
    clearInterval(sampler);
    const verified = await timed(async () => (await log.verify()).checked);
    const read = await timed(async () => {
      let count = 0;
      for await (const _ of (await log.export({}, 0)).events) count += 1;
      return count;
    });
    const plain = await timed(
      async () => present((await pool.query<{ n: number }>('SELECT count(*) AS n FROM events')).rows[0], 'event count').n,
    );

    console.log(
      `\nCSV export of all ${fmt(EVENTS)} events: ${exported.seconds.toFixed(1)} s, ${fmt(exported.perSecond)} events/s, ${fmt(bytes / 1e6)} MB, peak RSS ${fmt(peak / 1e6)} MB`,
    );
    console.log(`the same batched reads without encoding: ${fmt(read.perSecond)} events/s`);
    console.log(`hash chain verify: ${verified.seconds.toFixed(1)} s, ${fmt(verified.perSecond)} events/s`);
    console.log(
      `plain scan of the table, count(*) (reference): ${fmt(plain.perSecond)} rows/s; export / plain ${(exported.perSecond / plain.perSecond).toFixed(3)}, verify / plain ${(verified.perSecond / plain.perSecond).toFixed(3)}`,
    );
    const size = await pool.query<{ name: string; size: string }>(
      `SELECT relname AS name, pg_size_pretty(pg_relation_size(oid)) AS size FROM pg_class
        WHERE relname = 'events' OR relname = ANY ($1) ORDER BY relname`,
      [AUDIT_INDEXES],
    );
    console.log(`sizes: ${size.rows.map((row) => `${row.name} ${row.size}`).join(', ')}`);
    printHeadline({
      slowestFirstPageMs: Math.max(...withIndexes.map((explained) => explained.ms)),
      exportPerSecond: exported.perSecond,
      verifyPerSecond: verified.perSecond,
      exportVsPlainScan: exported.perSecond / plain.perSecond,
    });
  } finally {
    await pool.end();
    await cluster.close();
  }
}
