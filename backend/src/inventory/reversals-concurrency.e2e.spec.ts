import type { Pool } from 'pg';
import { SEEDED_MANAGER, seededManager } from '../../../test/auth-helpers';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database';
import { createPool } from '../database/pool';
import { call, startReplica, type Replica } from '../live/testing/replicas';

/**
 * Reversals of one movement racing on two API replicas over one database: neither sees the
 * other's in its process, so only the item stream's expected version can keep a second one out.
 */
let database: TestDatabase;
let pool: Pool;
let replicas: Replica[];
let token: string;

beforeAll(async () => {
  database = await createTestDatabase();
  pool = createPool(database.url, { max: 2 });
  replicas = [await startReplica(database.url, SEEDED_MANAGER.password), await startReplica(database.url, SEEDED_MANAGER.password)];
  token = (await seededManager({ ...replicas[0]!, database })).token;
});

afterAll(async () => {
  /* eslint-disable @typescript-eslint/no-unnecessary-condition -- unset when beforeAll failed early */
  await Promise.all((replicas ?? []).map((replica) => replica.close()));
  await pool?.end();
  await database?.drop();
  /* eslint-enable @typescript-eslint/no-unnecessary-condition */
});

const api = <T>(replica: number, method: string, path: string, body?: unknown) =>
  call<T>(replicas[replica]!.baseUrl, token, method, `/api${path}`, body);

it('lands exactly one of the reversals of a movement sent to two replicas at once', async () => {
  const item = await api<{ id: string }>(0, 'POST', '/items', { sku: `RACE-RV-${Date.now()}`, name: 'Crate', quantity: 100 });
  const movements: string[] = [];
  for (let n = 0; n < 10; n += 1) {
    const { body } = await api<{ movement: { id: string } }>(n % 2, 'POST', '/stock-movements', {
      itemId: item.body.id,
      type: 'OUT',
      quantity: 1,
    });
    movements.push(body.movement.id);
  }

  const answers = await Promise.all(
    movements.flatMap((id) => [0, 1].map((replica) => api(replica, 'POST', `/stock-movements/${id}/reverse`, { reason: 'race' }))),
  );

  for (let n = 0; n < movements.length; n += 1) {
    const pair = answers.slice(2 * n, 2 * n + 2);
    expect(pair.map(({ status }) => status).sort()).toEqual([201, 409]);
    expect(pair.find(({ status }) => status === 409)?.body).toMatchObject({ type: '/problems/already-reversed' });
  }
  const { rows } = await pool.query<{ reverses: string; n: number }>(
    `SELECT data->>'reverses' AS reverses, count(*)::int AS n FROM events WHERE stream_id = $1 AND data ? 'reverses' GROUP BY 1`,
    [`item-${item.body.id}`],
  );
  expect(rows.map(({ reverses, n }) => [reverses, n]).sort()).toEqual(movements.map((id) => [id, 1]).sort());
  const { rows: totals } = await pool.query<{ quantity: number }>(
    `SELECT (data->>'quantityAfter')::int AS quantity FROM events WHERE stream_id = $1 ORDER BY stream_version DESC LIMIT 1`,
    [`item-${item.body.id}`],
  );
  expect(totals[0]?.quantity).toBe(100);
});
