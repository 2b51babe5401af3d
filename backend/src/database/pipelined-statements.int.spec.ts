import type { PoolClient } from 'pg';
import { storeFixture } from '../../../test/store-fixture';
import { pipelined } from './pipelined-statements';

const fixture = storeFixture();

/** A client of the pool whose round trips are counted, for `work`. */
async function onCountedClient(work: (client: PoolClient, roundTrips: () => number) => Promise<void>): Promise<void> {
  const client = await fixture.pool.connect();
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  let count = 0;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    count += 1;
    return query(...args);
  };
  try {
    await work(client, () => count);
  } finally {
    (client as unknown as { query: unknown }).query = query;
    client.release();
  }
}

describe('pipelined statements', () => {
  it('sends the statements of works that all wait in one round trip, and answers each work its own', async () => {
    const works = [1, 2, 3].map(
      (n) => async (statements: { query: (text: string, values?: unknown[]) => Promise<{ rows: unknown[] }> }) => {
        const first = await statements.query('SELECT $1::int * 10 AS value', [n]);
        const second = await statements.query('SELECT $1::int + 1 AS value', [n]);
        return [first.rows, second.rows];
      },
    );
    await onCountedClient(async (client, roundTrips) => {
      await pipelined(client, works);
      const before = roundTrips();

      const result = await pipelined(client, works);

      expect(result).toEqual([
        [[{ value: 10 }], [{ value: 2 }]],
        [[{ value: 20 }], [{ value: 3 }]],
        [[{ value: 30 }], [{ value: 4 }]],
      ]);
      expect(roundTrips() - before).toBe(2);
    });
  });

  it('passes values as pg sends them: quotes, backslashes, arrays, objects as JSON, dates, bytes and nulls', async () => {
    const values = [
      "O'Brien \\ 'x' \\\\",
      ['a', "b'c", 'd\\e', null],
      { nested: { quote: "it's" } },
      new Date('2026-12-04T17:00:00.123Z'),
      Buffer.from([0, 1, 255]),
      null,
    ];
    await onCountedClient(async (client) => {
      const result = await pipelined(client, [
        async (statements) =>
          (
            await statements.query(
              'SELECT $1::text AS text, $2::text[] AS list, $3::jsonb AS json, $4::timestamptz AS at, $5::bytea AS bytes, $6::text AS nothing',
              values,
            )
          ).rows[0],
      ]);

      expect(result).toEqual([{ text: values[0], list: values[1], json: values[2], at: values[3], bytes: values[4], nothing: null }]);
    });
  });

  it('fails every statement of a failing round trip, throws once every work ended, and the next transaction runs as before', async () => {
    const client = await fixture.pool.connect();
    const ended: string[] = [];
    try {
      await client.query('BEGIN');
      const outcome = pipelined(client, [
        async (statements) => {
          await statements.query('SELECT 1 / $1::int AS value', [0]).finally(() => ended.push('divides'));
        },
        async (statements) => {
          await statements.query('SELECT $1::int AS value', [1]).finally(() => ended.push('selects'));
        },
      ]);

      await expect(outcome).rejects.toMatchObject({ code: '22012' });
      expect(ended.sort()).toEqual(['divides', 'selects']);
      await client.query('ROLLBACK');

      const [answer] = await pipelined(client, [async (statements) => (await statements.query('SELECT 1 / $1::int AS value', [1])).rows]);
      expect(answer).toEqual([{ value: 1 }]);
    } finally {
      client.release();
    }
  });

  it('prepares each text once on a connection, apart from the statements pg prepares itself', async () => {
    const text = 'SELECT $1::int - 1 AS value';
    await onCountedClient(async (client, roundTrips) => {
      await client.query({ name: 'by-pg', text, values: [5] });
      const once = () => pipelined(client, [(statements) => statements.query(text, [5])]);
      const before = roundTrips();
      const [first] = await once();
      const afterFirst = roundTrips();
      const [again] = await once();
      const { rows } = await client.query<{ name: string }>('SELECT name FROM pg_prepared_statements WHERE statement LIKE $1', [
        `%${text}%`,
      ]);

      expect([first?.rows, again?.rows]).toEqual([[{ value: 4 }], [{ value: 4 }]]);
      expect([afterFirst - before, roundTrips() - afterFirst - 1]).toEqual([2, 1]);
      expect(rows).toHaveLength(2);
    });
  });
});
