import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The embedded PostgreSQL an app keeps under `dataDir`, for tests that must hold the database
 * back: its password is in `secrets.json`, its port on line 4 of PostgreSQL's `postmaster.pid`.
 */
export function embeddedDatabaseUrl(dataDir: string): string {
  const { postgresPassword } = JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8')) as { postgresPassword: string };
  const port = readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')
    .split('\n')[3]
    ?.trim();
  return `postgres://postgres:${encodeURIComponent(postgresPassword)}@127.0.0.1:${port}/postgres`;
}
