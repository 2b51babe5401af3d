import knex, { type Knex } from 'knex';
import { migrations } from './migrations';

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
  const db = knex({ client: 'pg', connection: connectionString });
  try {
    const [, applied] = (await db.migrate.latest({ migrationSource: source })) as [number, string[]];
    return applied;
  } finally {
    await db.destroy();
  }
}
