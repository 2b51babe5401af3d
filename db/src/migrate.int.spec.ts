import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../test/test-database';
import { migrateToLatest } from './migrate';
import { migrations } from './migrations';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase({ migrate: false });
});

afterAll(async () => {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- still unset when beforeAll failed before creating it
  await database?.drop();
});

describe('migrateToLatest', () => {
  it('lets processes that start together on a fresh database take turns: one applies every migration, none fails', async () => {
    const results = await Promise.allSettled([1, 2, 3, 4].map(() => migrateToLatest(database.url)));
    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    const applied = results.map((result) => (result.status === 'fulfilled' ? result.value : []));
    const names = migrations.map(([name]) => name);
    expect(applied.filter((list) => list.length > 0)).toEqual([names]);

    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string }>('SELECT name FROM knex_migrations ORDER BY id');
      expect(rows.map((row) => row.name)).toEqual(names);
    } finally {
      await client.end();
    }
  });
});
