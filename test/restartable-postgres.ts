import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateToLatest } from '../db/src/migrate';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../backend/src/database/embedded-postgres';
import { freePort } from '../backend/src/database/free-port';

export interface RestartablePostgres {
  /** Superuser URL of the migrated `postgres` database; the same before and after a restart. */
  readonly url: string;
  readonly running: boolean;
  /** Stops the server (clients see their connections end and new ones refused). */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same data. */
  start(): Promise<void>;
  /** Stops it if running and deletes its files. */
  remove(): Promise<void>;
}

/**
 * A PostgreSQL of the test file's own, for tests that stop and restart the database under a running
 * app: the shared test cluster serves every other file and must never go down.
 */
export async function startRestartablePostgres(): Promise<RestartablePostgres> {
  const dataDir = await mkdtemp(join(tmpdir(), 'ims-restartable-pg-'));
  const port = await freePort();
  const boot = () => startEmbeddedPostgres({ dataDir, port, settings: { fsync: 'off', synchronous_commit: 'off' } });
  let server: EmbeddedDatabase | undefined = await boot();
  const url = server.url;
  await migrateToLatest(url);
  const stop = async () => {
    const running = server;
    server = undefined;
    await running?.stop();
  };
  return {
    url,
    get running() {
      return server !== undefined;
    },
    stop,
    start: async () => {
      server ??= await boot();
    },
    remove: async () => {
      await stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
