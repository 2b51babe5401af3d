import { Client } from 'pg';
import { loginAs, SEEDED_MANAGER } from '../../../test/auth-helpers';
import { startRestartablePostgres, type RestartablePostgres } from '../../../test/restartable-postgres';
import { StoreNotifications } from '../event-store/store-notifications';
import { LiveClient } from './testing/live-client';
import { call, startReplica, type Replica } from './testing/replicas';

// Its own PostgreSQL, since this test stops it: the shared test cluster serves every other file.
let database: RestartablePostgres;
let replica: Replica | undefined;
let baseUrl: string;
let token: string;
let itemId: string;
const clients: LiveClient[] = [];

beforeAll(async () => {
  database = await startRestartablePostgres();
  replica = await startReplica(database.url, SEEDED_MANAGER.password);
  baseUrl = replica.baseUrl;
  token = (await loginAs(baseUrl, SEEDED_MANAGER.username, SEEDED_MANAGER.password)).token;
  const created = await call<{ id: string }>(baseUrl, token, 'POST', '/api/items', { sku: 'RESTART-1', name: 'Restart', quantity: 1000 });
  itemId = created.body.id;
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await replica?.close();
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- still unset when beforeAll failed before creating it
  await database?.remove();
});

/** One movement, asked again until the API answers it: right after an outage the first tries may fail. */
async function moveOnce(): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const answer = await call(baseUrl, token, 'POST', '/api/stock-movements', { itemId, type: 'OUT', quantity: 1 }).catch(() => undefined);
    if (answer?.status === 201) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the API never recorded the movement');
}

async function moves(count: number): Promise<void> {
  for (let n = 0; n < count; n += 1) await moveOnce();
}

/** Positions of the inventory events after the one at `position`, in the store's gap-free order. */
async function inventoryEventsAfter(position: number): Promise<number[]> {
  const db = new Client({ connectionString: database.url });
  await db.connect();
  try {
    const { rows } = await db.query<{ position: string; inventory: boolean }>(
      `SELECT position, stream_id LIKE 'item-%' AS inventory FROM events ORDER BY transaction_id, position`,
    );
    const start = rows.findIndex((row) => Number(row.position) === position) + 1;
    return rows.slice(start).flatMap((row) => (row.inventory ? [Number(row.position)] : []));
  } finally {
    await db.end();
  }
}

async function expectEveryChange(client: LiveClient): Promise<void> {
  const expected = await inventoryEventsAfter(client.hello.position);
  await client.until(() => client.changes.length >= expected.length, 30_000);
  expect(client.changes.map((message) => message.position)).toEqual(expected);
}

describe('the live feed through database outages', () => {
  it('keeps an open socket whole across a PostgreSQL restart: the listener reconnects and nothing is missed', async () => {
    const client = await LiveClient.greeted(baseUrl, token);
    clients.push(client);
    const connections = replica!.app.get(StoreNotifications).connectionCount;
    await moves(3);
    // Everything so far, the item's creation among it, has arrived: no live message can reach the next socket.
    await expectEveryChange(client);

    const resuming = await LiveClient.greeted(baseUrl, token);
    clients.push(resuming);
    await database.stop();
    // A resume that needs the database while it is down closes the socket (1013: try again later), nothing worse.
    resuming.send({ type: 'resume', after: 10 ** 12 });
    expect(await resuming.closed).toEqual({ code: 1013, reason: 'try again later' });
    await database.start();
    // Changes made at once, before the listener has necessarily come back: its reconnect catches them up.
    await moves(5);
    await expectEveryChange(client);
    expect(client.socket.readyState).toBe(client.socket.OPEN);
    // The slow poll may deliver the changes before pg-listen's retry has reconnected: wait for it.
    await expect.poll(() => replica!.app.get(StoreNotifications).connectionCount, { timeout: 20_000 }).toBeGreaterThan(connections);
  });

  it('catches up when every connection, the listeners among them, is terminated', async () => {
    const client = await LiveClient.greeted(baseUrl, token);
    clients.push(client);
    const connections = replica!.app.get(StoreNotifications).connectionCount;
    await moves(2);
    const admin = new Client({ connectionString: database.url });
    await admin.connect();
    try {
      await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
      );
    } finally {
      await admin.end();
    }
    await moves(4);
    await expectEveryChange(client);
    expect(replica!.app.get(StoreNotifications).connectionCount).toBeGreaterThan(connections);
  });
});
