import type { PoolClient } from 'pg';
import { storeFixture } from '../../../test/store-fixture';
import { pipelined, type FinalStatements } from './pipelined-statements';

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

  describe('with statements to run after the works (then)', () => {
    const table = async (client: PoolClient) => {
      await client.query('CREATE TEMP TABLE IF NOT EXISTS pipelined_then (n int)');
      await client.query('TRUNCATE pipelined_then');
    };
    const rows = async (client: PoolClient) => (await client.query<{ n: number }>('SELECT n FROM pipelined_then ORDER BY n')).rows;

    it('sends them with the last statements when every work asked for its last, several at once among them', async () => {
      await onCountedClient(async (client, roundTrips) => {
        await table(client);
        const works = [
          async (statements: FinalStatements) => {
            const first = await statements.query('SELECT $1::int AS n', [1]);
            await statements.last('INSERT INTO pipelined_then VALUES ($1)', [first.rows[0]!.n]);
            return 'one';
          },
          async (statements: FinalStatements) => {
            await Promise.all([
              statements.query('INSERT INTO pipelined_then VALUES ($1)', [2]),
              statements.last('INSERT INTO pipelined_then VALUES ($1)', [3]),
            ]);
            return 'two';
          },
        ];
        await client.query('BEGIN');
        await pipelined(client, works, 'ROLLBACK');
        const before = roundTrips();

        await client.query('BEGIN');
        expect(await pipelined(client, works, 'INSERT INTO pipelined_then VALUES (4); COMMIT')).toEqual(['one', 'two']);

        // BEGIN, the first work's SELECT beside the second's statements, and the first's last one with `then`.
        expect(roundTrips() - before).toBe(3);
        expect(await rows(client)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }]);
      });
    });

    it('runs them in a round trip of their own after the works when one did not ask for its last', async () => {
      await onCountedClient(async (client, roundTrips) => {
        await table(client);
        const works = [
          async (statements: FinalStatements) => (await statements.last('SELECT $1::int AS n', [1])).rows,
          async (statements: FinalStatements) => (await statements.query('INSERT INTO pipelined_then VALUES ($1) RETURNING n', [5])).rows,
          () => Promise.resolve([]),
        ];
        await client.query('BEGIN');
        await pipelined(client, works, 'ROLLBACK');
        await client.query('BEGIN');
        const before = roundTrips();
        const result = await pipelined(client, works, 'COMMIT');
        expect(result).toEqual([[{ n: 1 }], [{ n: 5 }], []]);
        expect(roundTrips() - before).toBe(2);
        expect(await rows(client)).toEqual([{ n: 5 }]);
      });
    });

    it('commits nothing when a statement of their round trip fails, and refuses a statement asked after the last', async () => {
      await onCountedClient(async (client) => {
        await table(client);
        await client.query('BEGIN');
        const failing = pipelined(
          client,
          [
            async (statements) => statements.last('INSERT INTO pipelined_then VALUES ($1)', [6]),
            async (statements) => statements.last('INSERT INTO pipelined_then VALUES (1 / $1::int)', [0]),
          ],
          'COMMIT',
        );
        await expect(failing).rejects.toMatchObject({ code: '22012' });
        await client.query('ROLLBACK');
        expect(await rows(client)).toEqual([]);

        await client.query('BEGIN');
        const broken = pipelined(
          client,
          [
            async (statements) => statements.last('INSERT INTO pipelined_then VALUES ($1)', [9]),
            () => Promise.reject(new Error('a projection bug')),
          ],
          'COMMIT',
        );
        await expect(broken).rejects.toThrow('a projection bug');
        await client.query('ROLLBACK');
        expect(await rows(client)).toEqual([]);

        await client.query('BEGIN');
        const greedy = pipelined(
          client,
          [
            async (statements) => {
              await statements.last('INSERT INTO pipelined_then VALUES ($1)', [7]);
              await statements.query('INSERT INTO pipelined_then VALUES ($1)', [8]);
            },
          ],
          'ROLLBACK',
        );
        await expect(greedy).rejects.toThrow('a statement asked for after the last one');
        expect(await rows(client)).toEqual([]);
      });
    });
  });
});
