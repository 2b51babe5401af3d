import knex, { type Knex } from 'knex';
import { Client } from 'pg';
import { migrations } from './migrations';

/** The advisory lock key under which processes starting together (API replicas, tools) take turns migrating. */
const MIGRATION_LOCK_KEY = 4_170_001;

const source: Knex.MigrationSource<string> = {
  getMigrations: () => Promise.resolve(migrations.map(([name]) => name)),
  getMigrationName: (name) => name,
  getMigration: (name) => {
    const found = migrations.find(([candidate]) => candidate === name);
    if (!found) throw new Error(`unknown migration ${name}`);
    return Promise.resolve(found[1]);
  },
};

/** Brings the database at `connectionString` to the latest schema; safe to run from several processes at once. */
export async function migrateToLatest(connectionString: string): Promise<string[]> {
  // knex creates its own tables without IF NOT EXISTS and fails instead of waiting on its migration
  // lock, so two replicas starting on a fresh database would both fail or one would: they queue here.
  const lock = new Client({ connectionString });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const db = knex({ client: 'pg', connection: connectionString });
    try {
      const [, applied] = (await db.migrate.latest({ migrationSource: source })) as [number, string[]];
      return applied;
    } finally {
      await db.destroy();
    }
  } finally {
    // Ending the session releases the lock.
    await lock.end();
  }
}
