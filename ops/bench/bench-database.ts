import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, type Pool } from 'pg';
import { ALL_PROJECTIONS } from '../../backend/src/all-projections';
import { readCheckpoint, START } from '../../backend/src/event-store';
import { liveCheckpoint } from '../../backend/src/projections';
import { countEvents } from '../../backend/src/projections/event-counts';
import { startEmbeddedPostgres } from '../../backend/src/database/embedded-postgres';

export interface BenchCluster {
  /** Where the cluster keeps its files (`<dataDir>/postgres/postmaster.pid` names its server process). */
  readonly dataDir: string;
  /** The URL of the cluster's database of this name, created empty if there is none. */
  database(name: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * A durable embedded PostgreSQL (default fsync and synchronous_commit) in a temporary directory, or
 * in `keptDir` when given: there it is kept on close and its databases are reused, so that a
 * benchmark seeded once can be run again after a change without seeding again.
 */
export async function startBenchCluster(keptDir?: string): Promise<BenchCluster> {
  const dataDir = keptDir ?? (await mkdtemp(join(tmpdir(), 'ims-bench-')));
  const server = await startEmbeddedPostgres({ dataDir });
  return {
    dataDir,
    async database(name) {
      const admin = new Client({ connectionString: server.url });
      await admin.connect();
      try {
        const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
        if (rowCount === 0) await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      return server.url.replace(/\/postgres$/, `/${name}`);
    },
    async close() {
      await server.stop();
      if (keptDir === undefined) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function timed(work: () => Promise<number>): Promise<{ count: number; seconds: number; perSecond: number }> {
  const started = performance.now();
  const count = await work();
  const seconds = (performance.now() - started) / 1000;
  return { count, seconds, perSecond: count / seconds };
}

/** Runs `each(worker, n)` for n in 0..perWorker-1 on `workers` concurrent workers. */
export async function inParallel(workers: number, perWorker: number, each: (worker: number, n: number) => Promise<void>): Promise<void> {
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      for (let n = 0; n < perWorker; n += 1) await each(worker, n);
    }),
  );
}

/** As if the live projectors had caught up: a replay rebuilds up to their checkpoints. */
export async function liveAtHead(pool: Pool): Promise<void> {
  await pool.query(
    `INSERT INTO checkpoints (name, transaction_id, position)
     SELECT name, last.transaction_id, last.position
       FROM unnest($1::text[]) AS name,
            (SELECT transaction_id, position FROM events ORDER BY transaction_id DESC, position DESC LIMIT 1) AS last
     ON CONFLICT (name) DO UPDATE SET transaction_id = excluded.transaction_id, position = excluded.position`,
    [ALL_PROJECTIONS.map((projection) => liveCheckpoint(projection.name))],
  );
}

/** Events of the log that the furthest-behind live projection has not applied yet: 0 once every replica's projectors are done. */
export async function projectionsBehind(pool: Pool): Promise<number> {
  const lags = await Promise.all(
    ALL_PROJECTIONS.map(async ({ name }) => countEvents(pool, (await readCheckpoint(pool, liveCheckpoint(name))) ?? START)),
  );
  return Math.max(0, ...lags);
}
