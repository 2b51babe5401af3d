import { Client, type Pool } from 'pg';
import { createPool } from '../database/pool';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database';
import { settledHorizon, UnsettledLogError } from './settled-horizon';

let database: TestDatabase;
let pool: Pool;
let writer: Client;
let stream = 0;

const insert = (db: Pick<Pool, 'query'>) =>
  db
    .query<{ position: number }>(
      `INSERT INTO events (stream_id, stream_version, type, data) VALUES ($1, 1, 'Tested', '{}') RETURNING position`,
      [`s-${(stream += 1)}`],
    )
    .then(({ rows }) => rows[0]!.position);

const visible = async (upTo: number) =>
  (await pool.query<{ position: number }>('SELECT position FROM events WHERE position <= $1 ORDER BY position', [upTo])).rows.map(
    (row) => row.position,
  );

beforeAll(async () => {
  database = await createTestDatabase();
  pool = createPool(database.url);
  writer = new Client({ connectionString: database.url });
  await writer.connect();
});

afterAll(async () => {
  await writer.end();
  await pool.end();
  await database.drop();
});

afterEach(() => writer.query('ROLLBACK'));

test('an empty log has settled at 0', async () => {
  expect(await settledHorizon(pool)).toBe(0);
});

test('with no write in progress, the horizon is the last position taken, at once', async () => {
  await insert(pool);
  const last = await insert(pool);
  expect(await settledHorizon(pool)).toBe(last);
});

test('a position taken by an open transaction holds the horizon back until it commits, then is included', async () => {
  await writer.query('BEGIN');
  const early = await insert(writer);
  const late = await insert(pool);
  expect(late).toBeGreaterThan(early);
  expect(await visible(late)).not.toContain(early);

  let settled: number | undefined;
  const horizon = settledHorizon(pool).then((value) => (settled = value));
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(settled).toBeUndefined();
  await writer.query('COMMIT');

  expect(await horizon).toBeGreaterThanOrEqual(late);
  const positions = await visible(settled!);
  expect(positions).toContain(early);
  expect(positions).toContain(late);
});

test('a rolled-back position settles as never to be seen', async () => {
  await writer.query('BEGIN');
  const lost = await insert(writer);
  const horizon = settledHorizon(pool);
  await writer.query('ROLLBACK');
  expect(await horizon).toBeGreaterThanOrEqual(lost);
  expect(await visible(lost)).not.toContain(lost);
});

test('a write left open too long is reported rather than waited on for ever', async () => {
  await writer.query('BEGIN');
  await insert(writer);
  await expect(settledHorizon(pool, { timeoutMs: 200 })).rejects.toBeInstanceOf(UnsettledLogError);
});

test('writes that start while it waits do not prolong the wait', async () => {
  await writer.query('BEGIN');
  await insert(writer);
  const others = Array.from({ length: 3 }, () => new Client({ connectionString: database.url }));
  await Promise.all(others.map((client) => client.connect()));
  try {
    const horizon = settledHorizon(pool, { timeoutMs: 3000 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Each later writer keeps a transaction open past the first one's commit.
    for (const client of others) {
      await client.query('BEGIN');
      await insert(client);
    }
    await writer.query('COMMIT');
    await expect(horizon).resolves.toBeGreaterThan(0);
  } finally {
    await Promise.all(others.map((client) => client.query('ROLLBACK').then(() => client.end())));
  }
});

test('only its own database counts: a write open in another database does not hold it back', async () => {
  const other = await createTestDatabase();
  const client = new Client({ connectionString: other.url });
  await client.connect();
  try {
    await client.query('BEGIN');
    await insert(client);
    await expect(settledHorizon(pool, { timeoutMs: 500 })).resolves.toBeGreaterThan(0);
  } finally {
    await client.query('ROLLBACK');
    await client.end();
    await other.drop();
  }
});
