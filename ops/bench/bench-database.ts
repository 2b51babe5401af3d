import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../../backend/src/database/embedded-postgres';

export interface BenchCluster {
  /** Where the cluster keeps its files (`<dataDir>/postgres/postmaster.pid` names its server process). */
  readonly dataDir: string;
  /** Creates an empty database on the cluster and returns its URL. */
  database(name: string): Promise<string>;
  close(): Promise<void>;
}

/** A durable embedded PostgreSQL (default fsync and synchronous_commit) in a temporary directory. */
export async function startBenchCluster(): Promise<BenchCluster> {
  const dataDir = await mkdtemp(join(tmpdir(), 'ims-bench-'));
  const server = await startEmbeddedPostgres({ dataDir });
  return {
    dataDir,
    async database(name) {
      const admin = new Client({ connectionString: server.url });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      return server.url.replace(/\/postgres$/, `/${name}`);
    },
    async close() {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
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
