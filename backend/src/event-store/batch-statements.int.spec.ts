import type { PoolClient } from 'pg';
import { storeFixture } from '../../../test/store-fixture';
import { executeNotify, prepareBatchStatements } from './batch-statements';
import { ensureCheckpoint, moveCheckpoint, openBatch, openTurn, openTypedBatch, readCheckpoint } from './checkpointed-batch';

const fixture = storeFixture();

interface PreparedRow {
  name: string;
  generic_plans: number;
  custom_plans: number;
}

async function preparedOn(client: PoolClient): Promise<Map<string, PreparedRow>> {
  const { rows } = await client.query<PreparedRow>(
    `SELECT name, generic_plans::int, custom_plans::int FROM pg_prepared_statements WHERE from_sql`,
  );
  return new Map(rows.map((row) => [row.name, row]));
}

async function withClient<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await fixture.pool.connect();
  try {
    return await work(client);
  } finally {
    client.release(true);
  }
}

describe("a batch's statements", () => {
  beforeAll(async () => {
    for (let n = 0; n < 3; n += 1) {
      await fixture.store.append({ streamId: `batch-statements-${n}`, expectedVersion: 0, events: [{ type: 'Happened', data: { n } }] });
    }
    await ensureCheckpoint(fixture.pool, 'statements-a');
    await ensureCheckpoint(fixture.pool, 'statements-b');
  });

  it('are planned once per connection: twenty batches settle on one plan each instead of planning every one', async () => {
    const plans = await withClient(async (client) => {
      const literal = (value: string) => client.escapeLiteral(value);
      for (let batch = 0; batch < 20; batch += 1) {
        const ranges = await openBatch(client, [
          { checkpoint: 'statements-a', limit: 1 },
          { checkpoint: 'statements-b', limit: 1 },
        ]);
        expect(ranges.every((range) => range !== undefined)).toBe(true);
        const [range] = ranges;
        const moves = range?.end ? [moveCheckpoint(client, 'statements-a', range.after)] : [];
        await client.query([...moves, executeNotify('ims_statements_test', String(batch), literal), 'ROLLBACK'].join('; '));
        expect(await openTurn(client, 'statements-b')).toBeDefined();
        await client.query('ROLLBACK');
      }
      return preparedOn(client);
    });
    for (const name of ['ims_take_turns', 'ims_next_range', 'ims_checkpoint', 'ims_move_checkpoint', 'ims_notify']) {
      const statement = plans.get(name);
      expect(statement, name).toBeDefined();
      // PostgreSQL tries five plans made for the values before it settles on the generic plan.
      expect(statement!.custom_plans, name).toBeLessThanOrEqual(5);
      expect(statement!.generic_plans, name).toBeGreaterThan(0);
    }
  });

  it('moves checkpoints and takes turns as the statements they replace did', async () => {
    await withClient(async (client) => {
      const [range] = await openBatch(client, [{ checkpoint: 'statements-a', limit: 2 }]);
      expect(range?.end?.count).toBe(2);
      await client.query(`${moveCheckpoint(client, 'statements-a', range!.end!.checkpoint)}; COMMIT`);
      expect(await readCheckpoint(fixture.pool, 'statements-a')).toEqual(range!.end!.checkpoint);
      await withClient(async (other) => {
        expect(await openTurn(client, 'statements-a')).toEqual(range!.end!.checkpoint);
        const [taken, free] = await openBatch(other, [
          { checkpoint: 'statements-a', limit: 1 },
          { checkpoint: 'statements-b', limit: 1 },
        ]);
        expect(taken).toBeUndefined();
        expect(free?.after).toEqual(await readCheckpoint(fixture.pool, 'statements-b'));
        await other.query('ROLLBACK');
      });
      await client.query('ROLLBACK');
    });
  });

  it('are prepared on a connection where an earlier attempt prepared some of them before its answer was lost', async () => {
    await withClient(async (client) => {
      await client.query('PREPARE ims_checkpoint (text) AS SELECT transaction_id::text, position FROM checkpoints WHERE name = $1');
      await prepareBatchStatements(client);
      expect(await openTurn(client, 'statements-b')).toEqual(await readCheckpoint(fixture.pool, 'statements-b'));
      await client.query('ROLLBACK');
      expect([...(await preparedOn(client)).keys()].sort()).toEqual([
        'ims_checkpoint',
        'ims_move_checkpoint',
        'ims_next_range',
        'ims_notify',
        'ims_range_types',
        'ims_take_turns',
      ]);
    });
  });

  it('tell the types of the events the ranges may hold, or nothing when more are readable than asked for', async () => {
    await fixture.store.append({ streamId: 'batch-statements-typed', expectedVersion: 0, events: [{ type: 'Counted', data: {} }] });
    await ensureCheckpoint(fixture.pool, 'statements-typed');
    const { rows } = await fixture.pool.query<{ types: string[]; events: number; before: { transaction_id: string; position: number } }>(
      `SELECT array_agg(DISTINCT type ORDER BY type) AS types, count(*)::int AS events,
              (SELECT row_to_json(p) FROM (SELECT transaction_id::text, position FROM events
                                            ORDER BY transaction_id DESC, position DESC OFFSET 1 LIMIT 1) p) AS before
         FROM events`,
    );
    const { types, events, before } = rows[0]!;
    expect(types.length).toBeGreaterThan(1);
    await withClient(async (client) => {
      const typed = (limit: number) => openTypedBatch(client, [{ checkpoint: 'statements-typed', limit: 1 }], limit);
      const every = await typed(events);
      expect([...every.types!].sort()).toEqual(types);
      // Its range is one event: the types cover more than the range, never less.
      expect(every.ranges[0]?.end?.count).toBe(1);
      await client.query('ROLLBACK');
      expect((await typed(events - 1)).types).toBeUndefined();
      await client.query('ROLLBACK');
      await fixture.pool.query("UPDATE checkpoints SET transaction_id = $1::xid8, position = $2 WHERE name = 'statements-typed'", [
        before.transaction_id,
        before.position,
      ]);
      const last = await typed(1);
      expect(last.types).toEqual(['Counted']);
      expect(last.ranges[0]?.end?.count).toBe(1);
      await client.query('ROLLBACK');
    });
  });
});
