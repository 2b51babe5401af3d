import knex, { type Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../test/test-database';
import { down, up } from './028_threshold_history';

let database: TestDatabase;
let db: Client;
let migrator: Knex;

beforeAll(async () => {
  database = await createTestDatabase();
  db = new Client({ connectionString: database.url });
  await db.connect();
  migrator = knex({ client: 'pg', connection: database.url });
});

afterAll(async () => {
  await migrator.destroy();
  await db.end();
  await database.drop();
});

/** An event and the history row the projection wrote for it before this migration (no threshold columns). */
async function projectedBefore(
  type: string,
  data: { readonly itemId: string; readonly locationId?: string } & Record<string, unknown>,
  entryType: string,
): Promise<number> {
  const { rows } = await db.query<{ position: number }>(
    `INSERT INTO events (stream_id, stream_version, type, data) VALUES ($1, 1, $2, $3) RETURNING position::int`,
    [`item-${data.itemId}`, type, data],
  );
  const position = rows[0]!.position;
  await db.query(
    `INSERT INTO read_item_history (position, item_id, version, type, at, quantity_before, quantity_after, location_id)
     VALUES ($1, $2, 1, $3, now(), 4, 4, $4)`,
    [position, data.itemId, entryType, data.locationId ?? null],
  );
  return position;
}

it("fills the threshold rows projected before it from their events, and drops a history replay's shadow copy", async () => {
  await down(migrator);
  const locationId = randomUUID();
  const set = await projectedBefore(
    'LocationThresholdSet',
    { itemId: randomUUID(), locationId, before: null, after: 7, quantity: 4, reason: null },
    'threshold',
  );
  const removed = await projectedBefore(
    'LocationThresholdSet',
    { itemId: randomUUID(), locationId, before: 3, after: null, quantity: 4, reason: null },
    'threshold',
  );
  const moved = await projectedBefore(
    'StockMoved',
    { itemId: randomUUID(), type: 'IN', quantity: 4, quantityBefore: 0, quantityAfter: 4 },
    'IN',
  );
  await db.query('CREATE TABLE read_item_history__replay (LIKE read_item_history)');

  await up(migrator);

  const { rows } = await db.query<{ position: number; threshold_before: number | null; threshold_after: number | null }>(
    'SELECT position::int, threshold_before, threshold_after FROM read_item_history WHERE position = ANY($1) ORDER BY position',
    [[set, removed, moved]],
  );
  expect(rows).toEqual([
    { position: set, threshold_before: null, threshold_after: 7 },
    { position: removed, threshold_before: 3, threshold_after: null },
    { position: moved, threshold_before: null, threshold_after: null },
  ]);
  expect((await db.query(`SELECT to_regclass('read_item_history__replay') AS shadow`)).rows[0]).toEqual({ shadow: null });
});
