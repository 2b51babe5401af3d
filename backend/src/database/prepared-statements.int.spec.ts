import { storeFixture } from '../../../test/store-fixture';
import { preparedStatements } from './prepared-statements';

const fixture = storeFixture();

const preparedOn = async (client: { query: (text: string) => Promise<{ rows: { statement: string }[] }> }) =>
  (await client.query('SELECT statement FROM pg_prepared_statements')).rows.map((row) => row.statement);

describe('prepared statements', () => {
  it('prepares each text once on a connection and answers as a plain query does', async () => {
    const client = await fixture.pool.connect();
    try {
      const statements = preparedStatements(client);
      const text = 'SELECT $1::int + 1 AS next';
      const answers = [];
      for (const value of [1, 41, -3]) answers.push((await statements.query<{ next: number }>(text, [value])).rows[0]?.next);

      expect(answers).toEqual([2, 42, -2]);
      expect((await preparedOn(client)).filter((statement) => statement === text)).toHaveLength(1);
    } finally {
      client.release();
    }
  });

  it('gives two texts two statements, so neither answers for the other', async () => {
    const client = await fixture.pool.connect();
    try {
      const statements = preparedStatements(client);
      const doubled = await statements.query<{ value: number }>('SELECT $1::int * 2 AS value', [5]);
      const halved = await statements.query<{ value: number }>('SELECT $1::int / 2 AS value', [5]);

      expect([doubled.rows[0]?.value, halved.rows[0]?.value]).toEqual([10, 2]);
      expect(await preparedOn(client)).toEqual(expect.arrayContaining(['SELECT $1::int * 2 AS value', 'SELECT $1::int / 2 AS value']));
    } finally {
      client.release();
    }
  });

  it('reads a table again after it was replaced under the same name, as a rebuild swaps a read model', async () => {
    const client = await fixture.pool.connect();
    try {
      const statements = preparedStatements(client);
      await client.query('CREATE TABLE prepared_swap (id int PRIMARY KEY, label text)');
      await client.query("INSERT INTO prepared_swap VALUES (1, 'old')");
      const read = 'SELECT label FROM prepared_swap WHERE id = $1';
      expect((await statements.query<{ label: string }>(read, [1])).rows).toEqual([{ label: 'old' }]);

      await client.query(
        "CREATE TABLE prepared_swap_shadow (LIKE prepared_swap INCLUDING ALL); INSERT INTO prepared_swap_shadow VALUES (1, 'new')",
      );
      await client.query('DROP TABLE prepared_swap; ALTER TABLE prepared_swap_shadow RENAME TO prepared_swap');

      expect((await statements.query<{ label: string }>(read, [1])).rows).toEqual([{ label: 'new' }]);
    } finally {
      await client.query('DROP TABLE IF EXISTS prepared_swap, prepared_swap_shadow');
      client.release();
    }
  });
});
