import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import { migrateToLatest } from '../../db/src/migrate';
import { createPool } from '../../backend/src/database/pool';
import { EventStore } from '../../backend/src/event-store/event-store';
import { inParallel, startBenchCluster, timed } from './bench-database';
import { postgresCpuMs } from './process-cpu';
import { median, present, printHeadline, printTable } from './present';

/**
 * Append throughput of our event store against the physical reference (the same rows inserted by
 * plain SQL into a table of the same shape, no triggers) and a peer (Emmett's PostgreSQL store),
 * all on one durable embedded PostgreSQL in one run. A second plain reference has every index the
 * store's table keeps for the audit log, which every append to the store maintains too: the
 * difference between the two references is what those indexes cost, not the hash chain. The
 * batches' throughput waits mostly on WAL flushes, which vary on a VM from minute to minute; the
 * PostgreSQL CPU they cost per 1,000 events does not, and it is what one primary runs out of.
 */

const SINGLE = { workers: 32, perWorker: 150 };
const BATCH = { workers: 4, perWorker: 60, size: 100 };

const payload = (n: number) => ({ type: 'StockMoved', data: { itemId: `item-${n % 1000}`, quantity: (n % 7) + 1, reason: 'bench' } });

interface Mode {
  readonly name: string;
  single(worker: number, n: number): Promise<void>;
  batch(worker: number, n: number): Promise<void>;
  close(): Promise<void>;
}

async function ours(url: string): Promise<Mode> {
  await migrateToLatest(url);
  const pool = createPool(url, { max: 40, genericPlans: true });
  const store = new EventStore(pool);
  return {
    name: 'IMS event store',
    single: async (worker, n) => {
      await store.append({ streamId: `s-${worker}`, expectedVersion: n, events: [payload(n)] });
    },
    batch: async (worker, n) => {
      const events = Array.from({ length: BATCH.size }, (_, i) => payload(i));
      await store.append({ streamId: `b-${worker}`, expectedVersion: n * BATCH.size, events });
    },
    close: () => pool.end(),
  };
}

/** The audit log's indexes on the store's table (migrations 005 and 018). */
const AUDIT_INDEXES = `
  CREATE INDEX ON events (stream_id, position);
  CREATE INDEX ON events (type, position);
  CREATE INDEX ON events ((metadata ->> 'userId'), position);
  CREATE INDEX ON events (recorded_at, position);
  CREATE INDEX ON events (stream_id) WHERE type = 'LocationThresholdSet';`;

async function plainSql(url: string, withAuditIndexes = false): Promise<Mode> {
  const pool = createPool(url, { max: 40 });
  await pool.query(`
    CREATE TABLE events (
      position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
      stream_id text NOT NULL, stream_version integer NOT NULL,
      event_id uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
      type text NOT NULL, data jsonb NOT NULL, metadata jsonb NOT NULL DEFAULT '{}',
      recorded_at timestamptz NOT NULL DEFAULT now(), hash bytea NOT NULL,
      UNIQUE (stream_id, stream_version));
    CREATE INDEX ON events (transaction_id, position);
    ${withAuditIndexes ? AUDIT_INDEXES : ''}`);
  const insert = `INSERT INTO events (stream_id, stream_version, type, data, hash)
                  SELECT s, v, t, d, sha256(convert_to(d::text, 'UTF8')) FROM unnest($1::text[], $2::int[], $3::text[], $4::jsonb[]) AS x(s, v, t, d)`;
  return {
    name: withAuditIndexes ? 'plain SQL, with the audit indexes' : 'plain SQL (physical reference)',
    single: async (worker, n) => {
      const event = payload(n);
      await pool.query(insert, [[`s-${worker}`], [n + 1], [event.type], [JSON.stringify(event.data)]]);
    },
    batch: async (worker, n) => {
      const events = Array.from({ length: BATCH.size }, (_, i) => payload(i));
      await pool.query(insert, [
        events.map(() => `b-${worker}`),
        events.map((_, i) => n * BATCH.size + i + 1),
        events.map((e) => e.type),
        events.map((e) => JSON.stringify(e.data)),
      ]);
    },
    close: () => pool.end(),
  };
}

function emmett(url: string): Mode {
  // The same pool as the other two: its error listener keeps the cluster's shutdown from crashing the run.
  const pool = createPool(url, { max: 40 });
  const store = getPostgreSQLEventStore(url, { connectionOptions: { pooled: true, pool } });
  return {
    name: 'Emmett PostgreSQL store (peer)',
    single: async (worker, n) => {
      await store.appendToStream(`s-${worker}`, [payload(n)], { expectedStreamVersion: BigInt(n) });
    },
    batch: async (worker, n) => {
      const events = Array.from({ length: BATCH.size }, (_, i) => payload(i));
      await store.appendToStream(`b-${worker}`, events, { expectedStreamVersion: BigInt(n * BATCH.size) });
    },
    close: async () => {
      await store.close();
      await pool.end();
    },
  };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const range = (values: readonly number[]) => `${fmt(Math.min(...values))}–${fmt(Math.max(...values))}`;

/** Rounds of every mode in turn, so that a machine drifting during the run weighs on all of them; each figure is the median. */
const ROUNDS = 3;

export async function run(): Promise<void> {
  const cluster = await startBenchCluster();
  try {
    const modes = [
      await plainSql(await cluster.database('plain')),
      await ours(await cluster.database('ims')),
      emmett(await cluster.database('peer')),
      await plainSql(await cluster.database('plainindexed'), true),
    ];
    /** Each mode's figures, one entry per round. */
    const rounds = modes.map(() => [] as { single: number; batch: number; batchCpu: number; batchClientCpu: number; batchWal: number }[]);
    const wal = createPool(await cluster.database('postgres'), { max: 1 });
    const walPosition = async () =>
      (await wal.query<{ lsn: string }>('SELECT pg_current_wal_insert_lsn()::text AS lsn')).rows[0]?.lsn ?? '0/0';
    const walBytesSince = async (lsn: string) =>
      Number(
        (await wal.query<{ bytes: string }>('SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), $1) AS bytes', [lsn])).rows[0]?.bytes,
      );
    /**
     * `work` timed, with the CPU it cost PostgreSQL and this process (the writers) per 1,000 events,
     * and the WAL it wrote per event: what each commit's flush waits on grows with it.
     */
    const measured = async (work: () => Promise<number>) => {
      const postgresBefore = await postgresCpuMs(cluster.dataDir);
      const walBefore = await walPosition();
      const clientBefore = process.cpuUsage();
      const result = await timed(work);
      const client = process.cpuUsage(clientBefore);
      const thousands = result.count / 1000;
      return {
        ...result,
        cpuPerThousand: ((await postgresCpuMs(cluster.dataDir)) - postgresBefore) / thousands,
        clientCpuPerThousand: (client.user + client.system) / 1000 / thousands,
        walPerEvent: (await walBytesSince(walBefore)) / result.count,
      };
    };
    for (const mode of modes) await mode.single(999, 0); // warm up connections and schema
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const [index, mode] of modes.entries()) {
        const single = await timed(async () => {
          await inParallel(SINGLE.workers, SINGLE.perWorker, (w, n) => mode.single(w, round * SINGLE.perWorker + n));
          return SINGLE.workers * SINGLE.perWorker;
        });
        const batch = await measured(async () => {
          await inParallel(BATCH.workers, BATCH.perWorker, (w, n) => mode.batch(w, round * BATCH.perWorker + n));
          return BATCH.workers * BATCH.perWorker * BATCH.size;
        });
        present(rounds[index], 'mode rounds').push({
          single: single.perSecond,
          batch: batch.perSecond,
          batchCpu: batch.cpuPerThousand,
          batchClientCpu: batch.clientCpuPerThousand,
          batchWal: batch.walPerEvent,
        });
      }
    }
    for (const mode of modes) await mode.close();
    await wal.end();
    const results = modes.map((mode, index) => {
      const figures = present(rounds[index], 'mode rounds');
      const of = (figure: keyof (typeof figures)[number]) => figures.map((round) => round[figure]);
      return {
        name: mode.name,
        single: median(of('single')),
        batch: median(of('batch')),
        batchCpu: median(of('batchCpu')),
        batchClientCpu: median(of('batchClientCpu')),
        batchWal: median(of('batchWal')),
        singleRange: range(of('single')),
        batchRange: range(of('batch')),
      };
    });
    const reference = present(results[0], 'plain store result');
    console.log(
      `\nappend benchmark — durable embedded PostgreSQL 15, ${SINGLE.workers} concurrent writers of 1 event, ${BATCH.workers} writers of ${BATCH.size}-event batches; medians of ${ROUNDS} rounds`,
    );
    printTable(
      [
        'store',
        '1-event appends/s',
        'rounds',
        'ratio to plain',
        `${BATCH.size}-event batches: events/s`,
        'rounds',
        'ratio to plain',
        'PostgreSQL CPU ms per 1,000 batched events',
        'ratio to plain',
        'writers CPU ms per 1,000 batched events',
        'WAL bytes per batched event',
        'ratio to plain',
      ],
      results.map((r) => [
        r.name,
        fmt(r.single),
        r.singleRange,
        (r.single / reference.single).toFixed(2),
        fmt(r.batch),
        r.batchRange,
        (r.batch / reference.batch).toFixed(2),
        r.batchCpu.toFixed(1),
        (r.batchCpu / reference.batchCpu).toFixed(2),
        r.batchClientCpu.toFixed(1),
        fmt(r.batchWal),
        (r.batchWal / reference.batchWal).toFixed(2),
      ]),
    );
    const peer = present(results[2], 'peer store result');
    const mine = present(results[1], 'own store result');
    const indexed = present(results[3], 'plain store with audit indexes result');
    console.log(
      `\nIMS / Emmett: ${(mine.single / peer.single).toFixed(2)}x on single events, ${(mine.batch / peer.batch).toFixed(2)}x on batches`,
    );
    console.log(
      `IMS / plain SQL with the audit indexes: ${(mine.single / indexed.single).toFixed(2)}x on single events, ${(mine.batch / indexed.batch).toFixed(2)}x on batches`,
    );
    printHeadline({
      singleVsPlain: mine.single / reference.single,
      batchVsPlain: mine.batch / reference.batch,
      batchVsPlainWithAuditIndexes: mine.batch / indexed.batch,
      singleVsEmmett: mine.single / peer.single,
      batchVsEmmett: mine.batch / peer.batch,
      batchPostgresCpuVsPlain: mine.batchCpu / reference.batchCpu,
      batchWalVsPlain: mine.batchWal / reference.batchWal,
      batchWalVsPlainWithAuditIndexes: mine.batchWal / indexed.batchWal,
    });
  } finally {
    await cluster.close();
  }
}
