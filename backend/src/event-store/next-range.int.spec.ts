import { Client, type Pool } from 'pg';
import { explaining } from '../../../test/explaining';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database';
import { createPool } from '../database/pool';
import { consumeNextBatch, ensureCheckpoint, moveCheckpoint, openBatch, openTurn, readCheckpoint } from './checkpointed-batch';
import { executeNextRange } from './batch-statements';
import { IN_PARAMETER_RANGE, nextRange } from './next-range';
import { START, type Checkpoint, type StoredEvent } from './stored-event';
import { storeFixture } from '../../../test/store-fixture';

const fixture = storeFixture();

const append = (streamId: string, count = 1) =>
  fixture.store.append({
    streamId,
    expectedVersion: 0,
    events: Array.from({ length: count }, (_, n) => ({ type: 'Happened', data: { n } })),
  });

async function head(): Promise<Checkpoint> {
  const { rows } = await fixture.pool.query<{ transaction_id: string; position: number }>(
    'SELECT transaction_id::text, position FROM events ORDER BY transaction_id DESC, position DESC LIMIT 1',
  );
  return { transactionId: rows[0]!.transaction_id, position: rows[0]!.position };
}

/** The name of a checkpoint row standing at `point`. */
async function checkpointAt(point: Checkpoint): Promise<string> {
  await ensureCheckpoint(fixture.pool, 'range-test');
  await fixture.pool.query('UPDATE checkpoints SET transaction_id = $2::xid8, position = $3 WHERE name = $1', [
    'range-test',
    point.transactionId,
    point.position,
  ]);
  return 'range-test';
}

/** A transaction that has taken its id and stays open, appending nothing: it ends without a notification. */
async function openSilentTransaction(): Promise<Client> {
  const client = new Client({ connectionString: fixture.database.url });
  await client.connect();
  await client.query('BEGIN');
  await client.query('SELECT pg_current_xact_id()');
  return client;
}

/** A database of the describe's own, for a log the shared fixture's other tests would disturb, and a pool on it. */
function ownDatabase(): { pool(): Pool } {
  let database: TestDatabase | undefined;
  let pool: Pool | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
    pool = createPool(database.url, { max: 2 });
  });
  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });
  return {
    pool() {
      if (!pool) throw new Error('the database is made before the tests run');
      return pool;
    },
  };
}

describe('the next range', () => {
  it('says nothing is held back when nothing follows the point', async () => {
    await append('range-quiet');
    const at = await head();
    expect(await nextRange(fixture.pool, await checkpointAt(at), 10)).toEqual({ after: at, end: undefined, heldBack: false });
  });

  it('fails for a checkpoint that does not exist', async () => {
    await expect(nextRange(fixture.pool, 'no-such-checkpoint', 10)).rejects.toThrow('checkpoint no-such-checkpoint does not exist');
  });

  it('covers what follows the point, up to the limit, and says whether more waits behind an open transaction', async () => {
    const from = await head();
    await append('range-three', 3);
    const all = await nextRange(fixture.pool, await checkpointAt(from), 10);
    expect(all.end?.count).toBe(3);
    expect(all.heldBack).toBe(false);
    const two = await nextRange(fixture.pool, await checkpointAt(from), 4);
    expect(two.end?.count).toBe(3);

    const blocker = await openSilentTransaction();
    try {
      const before = await head();
      await append('range-behind');
      // Committed, but an older transaction could still commit in front of it: not readable, held back.
      expect(await nextRange(fixture.pool, await checkpointAt(before), 10)).toEqual({ after: before, end: undefined, heldBack: true });
      await blocker.query('COMMIT');
      const after = await nextRange(fixture.pool, await checkpointAt(before), 10);
      expect(after.end?.count).toBe(1);
      expect(after.heldBack).toBe(false);
    } finally {
      await blocker.end();
    }
  });

  it('stops at its limit between transactions, and runs on to the end of a transaction it has begun', async () => {
    const from = await head();
    const lastOf = async (streamId: string, count?: number) => {
      const outcome = await append(streamId, count);
      return outcome.status === 'appended' ? outcome.positions.at(-1) : undefined;
    };
    const first = await lastOf('range-first');
    const middle = await lastOf('range-middle', 3);
    await lastOf('range-last');
    const one = await nextRange(fixture.pool, await checkpointAt(from), 1);
    expect([one.end?.count, one.end?.checkpoint.position]).toEqual([1, first]);
    const two = await nextRange(fixture.pool, await checkpointAt(from), 2);
    expect([two.end?.count, two.end?.checkpoint.position]).toEqual([4, middle]);
    // A cap inside the transaction (a replay stopping at a live checkpoint written before ranges ran on) still holds.
    const capped = await nextRange(fixture.pool, await checkpointAt(from), 2, {
      transactionId: two.end?.checkpoint.transactionId ?? '0',
      position: (middle ?? 0) - 1,
    });
    expect(capped.end?.count).toBe(3);
  });
});

describe('the next range in a long log the planner has no statistics of yet', () => {
  const database = ownDatabase();

  beforeAll(async () => {
    const pool = database.pool();
    // As on a new install or in a benchmark's first minute: autovacuum has not analysed the log yet.
    await pool.query('ALTER TABLE events SET (autovacuum_enabled = false)');
    await pool.query(
      `INSERT INTO events (stream_id, stream_version, type, data)
       SELECT 'range-long', n, 'Happened', '{}' FROM generate_series(1, 20000) AS n`,
    );
    await pool.query(
      `INSERT INTO checkpoints (name, transaction_id, position)
       SELECT 'long', transaction_id, position FROM events ORDER BY position DESC LIMIT 1`,
    );
  });

  it('probes the transaction index past the horizon for what is held back, instead of scanning the log', async () => {
    const explained = explaining(database.pool());
    const range = await nextRange(explained.pool, 'long', 10);
    expect([range.end, range.heldBack]).toEqual([undefined, false]);
    expect(explained.plan()).toMatch(/events_transaction_order/);
    expect(explained.plan()).not.toMatch(/Seq Scan on events/);
  });

  it('keeps to the index in the plan a batch prepares once and reuses, whichever of its inputs it is given', async () => {
    const client = await database.pool().connect();
    try {
      const [range] = await openBatch(client, [{ checkpoint: 'long', limit: 10 }]);
      await client.query('ROLLBACK');
      expect([range?.end, range?.heldBack]).toEqual([undefined, false]);
      // The plan PostgreSQL may settle on after a few executions: one for any checkpoint, limit and cap.
      await client.query('SET plan_cache_mode = force_generic_plan');
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN ${executeNextRange('long', 10, undefined, (value) => client.escapeLiteral(value))}`,
      );
      const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
      expect(plan).toMatch(/Index Only Scan using events_transaction_order on events/);
      expect(plan).not.toMatch(/Seq Scan on events/);
    } finally {
      await client.query('RESET plan_cache_mode');
      client.release();
    }
  });
});

describe('a range in the middle of a long log the planner has statistics of', () => {
  const database = ownDatabase();
  let ends: Checkpoint[] = [];

  beforeAll(async () => {
    const pool = database.pool();
    for (let transaction = 0; transaction < 20; transaction += 1) {
      await pool.query(
        `INSERT INTO events (stream_id, stream_version, type, data)
         SELECT 'range-' || $1 || '-' || n % 50, n / 50 + 1, CASE WHEN n % 3 = 0 THEN 'Moved' ELSE 'Changed' END, '{"x": 1}'
           FROM generate_series(0, 1999) AS n`,
        [transaction],
      );
    }
    await pool.query('ANALYZE events');
    const { rows } = await pool.query<{ transaction_id: string; position: number }>(
      'SELECT transaction_id::text, max(position) AS position FROM events GROUP BY transaction_id ORDER BY transaction_id',
    );
    ends = rows.map((row) => ({ transactionId: row.transaction_id, position: row.position }));
  });

  it('is estimated at its size, so that the planner reads a batch from the transaction index instead of scanning the log', async () => {
    const [after, upTo] = [ends[9]!, ends[10]!];
    const statement = `SELECT e.data FROM events e
      WHERE ${IN_PARAMETER_RANGE}
        AND e.type IN ('Moved', 'Renamed')`;
    const parameters = [after.transactionId, after.position, upTo.transactionId, upTo.position];
    const { rows } = await database.pool().query(statement, parameters);
    expect(rows).toHaveLength(667);
    // Bounded by row comparisons alone it was estimated at a quarter of the log (each end taken for a
    // lone bound on the transaction id), and at 2,000,000 events the planner chose a parallel scan of it.
    const estimated = await estimatedRows(database.pool(), statement, parameters);
    expect(estimated).toBeGreaterThan(667 / 2);
    expect(estimated).toBeLessThan(667 * 2);
  });
});

/** The rows PostgreSQL expects `statement` to return. */
async function estimatedRows(pool: Pool, statement: string, parameters: unknown[]): Promise<number> {
  const { rows } = await pool.query<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>(
    `EXPLAIN (FORMAT JSON) ${statement}`,
    parameters,
  );
  return rows[0]!['QUERY PLAN'][0].Plan['Plan Rows'];
}

describe("a consumer's turn", () => {
  it('is refused while another process holds it, then opens at the checkpoint that process moved', async () => {
    await ensureCheckpoint(fixture.pool, 'turn-test');
    const [first, second] = [await fixture.pool.connect(), await fixture.pool.connect()];
    try {
      const from = await openTurn(first, 'turn-test');
      expect(await openTurn(second, 'turn-test')).toBeUndefined();
      await second.query('ROLLBACK');

      const moved = { transactionId: String(BigInt(from?.transactionId ?? '0') + 5n), position: (from?.position ?? 0) + 7 };
      await first.query(`${moveCheckpoint(first, 'turn-test', moved)}; COMMIT`);

      expect(await openTurn(second, 'turn-test')).toEqual(moved);
      await second.query('ROLLBACK');
      expect(await openTurn(first, 'no-such-consumer')).toEqual(START);
      await first.query('ROLLBACK');
    } finally {
      first.release();
      second.release();
    }
  });
});

describe('a checkpointed consumer of some streams', () => {
  it('applies only its own streams and moves its checkpoint past the others', async () => {
    await ensureCheckpoint(fixture.pool, 'prefixed');
    const applied: StoredEvent[] = [];
    const consume = () =>
      consumeNextBatch(fixture.pool, {
        name: 'prefixed',
        limit: 1000,
        streamPrefix: 'mine-',
        apply: (events) => {
          applied.push(...events);
          return Promise.resolve();
        },
      });
    while ((await consume()).processed > 0);
    applied.length = 0;

    await append('other-1', 2);
    await append('mine-1', 2);
    await append('other-2');
    const result = await consume();
    expect(result.processed).toBe(5);
    expect(applied.map((event) => [event.streamId, event.streamVersion])).toEqual([
      ['mine-1', 1],
      ['mine-1', 2],
    ]);
    expect(await readCheckpoint(fixture.pool, 'prefixed')).toEqual(await head());
    expect((await consume()).processed).toBe(0);
  });
});

describe('the next range over transaction ids of different lengths', () => {
  const database = ownDatabase();

  it('ends at the last event in xid8 order (9 before 10), so the next range does not read its events again', async () => {
    const pool = database.pool();
    const { rows } = await pool.query<{ position: number }>(
      `INSERT INTO events (transaction_id, stream_id, stream_version, type, data)
       VALUES ('9', 'range-digits', 1, 'Happened', '{}'), ('10', 'range-digits', 2, 'Happened', '{}') RETURNING position`,
    );
    await pool.query(`INSERT INTO checkpoints (name, transaction_id, position) VALUES ('digits', '8', 0)`);
    const range = await nextRange(pool, 'digits', 2);
    expect(range.end).toEqual({ checkpoint: { transactionId: '10', position: rows[1]!.position }, count: 2 });
  });
});
