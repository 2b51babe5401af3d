import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../backend/src/database/embedded-postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A superuser connection string to the test cluster; each test file makes its own database there. */
    postgresAdminUrl: string;
  }
}

/** One PostgreSQL per test run: `DATABASE_URL` when given, else an embedded one in a temporary directory. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const given = process.env.DATABASE_URL;
  if (given) {
    project.provide('postgresAdminUrl', given);
    return () => Promise.resolve();
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'ims-test-pg-'));
  const server = await startEmbeddedPostgres({
    dataDir,
    // Test data is thrown away: durability settings only slow the suite down.
    settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: 400 },
  });
  project.provide('postgresAdminUrl', server.url);
  return async () => {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
