import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHmac } from 'node:crypto';
import type { Pool } from 'pg';
import { migrateToLatest } from '../../db/src/migrate';
import { createPool } from '../../backend/src/database/pool';
import { MAIN_LOCATION_ID } from '../../backend/src/inventory/domain/item-events';
import { loginAs } from '../../test/auth-helpers';
import { callJson, type JsonAnswer } from '../../test/json-api';
import { startAppOn } from '../../test/test-app';
import { createTestDatabase, type TestDatabase } from '../../test/test-database';
import { runCli } from '../src/testing/run-cli';
import { FIXTURE_USERS, loadFixture, readOldAnswers, type OldItemView } from './f98159d-fixture';

/** The deployment's secret, which signed f98159d's tokens as it signs today's. */
const TEST_JWT_SECRET = 'upgrade-secret-of-enough-length-0123456789';
const old = readOldAnswers();
const oldItems = old.items.map(({ item }) => item);

let database: TestDatabase;
let pool: Pool;
let app: NestFastifyApplication | undefined;
let baseUrl: string;
let manager: string;
let appliedMigrations: string[];
/** Every column of every event of the fixture, as it was loaded. */
let eventsAsLoaded: string[];

const eventRows = async () =>
  (await pool.query<{ row: string }>(`SELECT to_jsonb(e)::text AS row FROM events e ORDER BY position`)).rows.map(({ row }) => row);

/**
 * The upgrade happens on the cluster that wrote the events, whose transaction counter is past
 * theirs; the test cluster may not be yet (the fixture's cluster was fresh), and an event whose
 * transaction id the cluster has not reached is a restore's problem (repair-restore), not this one.
 */
async function passTransactionIdsOf(db: Pool): Promise<void> {
  const { rows } = await db.query<{ last: string }>(`SELECT max(transaction_id)::text AS last FROM events`);
  const last = BigInt(rows[0]!.last);
  for (;;) {
    const now = await db.query<{ id: string }>(`SELECT pg_current_xact_id()::text AS id`);
    if (BigInt(now.rows[0]!.id) > last) return;
  }
}

const get = <Body>(path: string): Promise<JsonAnswer<Body>> => callJson<Body>(`${baseUrl}${path}`, 'GET', { token: manager });

async function ok<Body>(answer: Promise<JsonAnswer<Body>>): Promise<Body> {
  const { status, body } = await answer;
  if (status >= 300) throw new Error(`answered ${status}: ${JSON.stringify(body)}`);
  return body;
}

const readModels = async () => ({
  items: (await pool.query(`SELECT * FROM read_items ORDER BY id`)).rows,
  stock: (await pool.query(`SELECT item_id, location_id, quantity FROM read_item_stock ORDER BY item_id, location_id`)).rows,
  history: (await pool.query(`SELECT * FROM read_item_history ORDER BY position`)).rows,
  locations: (await pool.query(`SELECT * FROM read_locations ORDER BY id`)).rows,
});

beforeAll(async () => {
  database = await createTestDatabase({ migrate: false });
  await loadFixture(database.url);
  pool = createPool(database.url, { max: 3 });
  await passTransactionIdsOf(pool);
  eventsAsLoaded = await eventRows();
  // As `npm start` does: migrations forward, then the app, whose projections catch up from their checkpoints.
  appliedMigrations = await migrateToLatest(database.url);
  ({ app, baseUrl } = await startAppOn(database.url, {
    JWT_SECRET: TEST_JWT_SECRET,
    ADMIN_PASSWORD: FIXTURE_USERS.manager.password,
    LOG_LEVEL: 'warn',
  }));
  manager = (await loginAs(baseUrl, FIXTURE_USERS.manager.username, FIXTURE_USERS.manager.password)).token;
  const { rows } = await pool.query<{ head: string }>(`SELECT max(position)::text AS head FROM events`);
  const head = rows[0]!.head;
  await vi.waitFor(
    async () => {
      const answer = await callJson(`${baseUrl}/api/items?limit=1`, 'GET', { token: manager, headers: { 'x-min-position': head } });
      expect(answer.status).toBe(200);
    },
    { timeout: 30_000, interval: 200 },
  );
});

afterAll(async () => {
  await app?.close();
  await pool.end();
  await database.drop();
});

describe('a database written by f98159d (before locations), upgraded in place', () => {
  it('migrates forward from its last migration and leaves every event as it was', async () => {
    expect(appliedMigrations.length).toBeGreaterThan(0);
    expect(appliedMigrations.every((name) => name > '006_restore_carries_whole_history.ts')).toBe(true);
    expect(eventsAsLoaded).toHaveLength(old.verify.checked);
    // Compared after the app's start and its sign-ins: their own new events come after the old ones.
    expect((await eventRows()).slice(0, eventsAsLoaded.length)).toEqual(eventsAsLoaded);
  });

  it('verifies: every hash recomputed in Node, of the old events and of those written since', async () => {
    const { rows } = await pool.query<{ count: number }>(`SELECT count(*)::int AS count FROM events`);
    expect(rows[0]!.count).toBeGreaterThan(old.verify.checked);
    expect(await ok(get('/api/events/verify'))).toMatchObject({ ok: true, checked: rows[0]!.count });
  });

  it('shows every item with the quantity f98159d showed, all of it at the main location', async () => {
    for (const item of oldItems) {
      const now = await ok(get<OldItemView & { locations: unknown[] }>(`/api/items/${item.id}`));
      expect(now).toMatchObject(item);
      expect(now.locations).toEqual(
        item.quantity === 0
          ? []
          : [{ locationId: MAIN_LOCATION_ID, code: 'MAIN', quantity: item.quantity, lowStockThreshold: null, lowStock: false }],
      );
    }
    const { rows } = await pool.query<{ item_id: string; location_id: string; quantity: number }>(
      `SELECT item_id, location_id, quantity FROM read_item_stock WHERE quantity <> 0 ORDER BY item_id`,
    );
    expect(rows).toEqual(
      oldItems
        .filter((item) => item.quantity !== 0)
        .map((item) => ({ item_id: item.id, location_id: MAIN_LOCATION_ID, quantity: item.quantity }))
        .sort((a, b) => a.item_id.localeCompare(b.item_id)),
    );
  });

  it('lists the items as f98159d did, and the same ones with stock when filtered by the main location', async () => {
    expect(await ok(get('/api/items?limit=100'))).toMatchObject(old.list);
    expect(await ok(get(`/api/items?limit=100&locationId=${MAIN_LOCATION_ID}`))).toMatchObject({
      items: old.list.items.filter((item) => item.quantity > 0),
    });
    expect(await ok(get('/api/items?limit=100&archived=true'))).toMatchObject({ items: oldItems.filter((item) => item.archived) });
  });

  it('keeps each item history and the movements list, every old movement at the main location', async () => {
    for (const { item, history } of old.items) {
      expect(await ok(get(`/api/items/${item.id}/history?limit=100`))).toMatchObject(history);
    }
    expect(await ok(get('/api/stock-movements?limit=100'))).toMatchObject({
      movements: old.movements.movements.map((movement) => ({ ...movement, locationId: MAIN_LOCATION_ID })),
    });
    const atMain = await ok(get<{ movements: { id: string }[] }>(`/api/stock-movements?limit=100&locationId=${MAIN_LOCATION_ID}`));
    expect(atMain.movements.map(({ id }) => id)).toEqual(old.movements.movements.map(({ id }) => id));
  });

  it('answers stock-at each past moment as f98159d did', async () => {
    for (const { item, stockAt } of old.items) {
      const now = await Promise.all(old.instants.map((at) => ok(get(`/api/items/${item.id}/stock-at?at=${encodeURIComponent(at)}`))));
      expect(now).toEqual(stockAt);
    }
  });

  it('signs in the old users with their passwords, in their roles', async () => {
    const staff = await loginAs(baseUrl, FIXTURE_USERS.staff.username, FIXTURE_USERS.staff.password);
    expect(staff.user).toMatchObject({ username: FIXTURE_USERS.staff.username, role: 'staff' });
    const signedIn = await loginAs(baseUrl, FIXTURE_USERS.manager.username, FIXTURE_USERS.manager.password);
    expect(signedIn.user).toMatchObject({ username: FIXTURE_USERS.manager.username, role: 'manager' });
    const wrong = await callJson(`${baseUrl}/api/auth/login`, 'POST', {
      body: { username: FIXTURE_USERS.staff.username, password: 'not-it-at-all' },
    });
    expect(wrong.status).toBe(401);
  });

  it('still lists the old low-stock alert, settled as it was', async () => {
    const { alerts } = await ok(get<{ alerts: { id: string }[] }>('/api/alerts'));
    expect(alerts.map(({ id }) => id)).toEqual(old.alerts.map(({ id }) => id));
    for (const alert of old.alerts) expect(alerts.find(({ id }) => id === alert.id)).toMatchObject(alert);
  });

  it('raises no second alert for the old low spell, and a new one once the item has been restocked and runs low again', async () => {
    const oldAlert = old.alerts.find(({ itemId }) => oldItems.some((item) => item.id === itemId && !item.archived));
    const move = (type: string, quantity: number) =>
      ok(
        callJson<{ position: number }>(`${baseUrl}/api/stock-movements`, 'POST', {
          token: manager,
          body: { itemId: oldAlert!.itemId, type, quantity },
        }),
      );
    await move('OUT', 1);
    await move('IN', 10);
    const crossing = await move('OUT', 8);
    const alerts = await vi.waitFor(
      async () => {
        const { alerts: now } = await ok(
          get<{ alerts: { id: string; causedByPosition: number; state: string }[] }>(`/api/alerts?itemId=${oldAlert!.itemId}`),
        );
        expect(now).toHaveLength(2);
        // Delivered as a preview: no SendGrid key here.
        expect(now[0]!.state).toBe('preview');
        return now;
      },
      { timeout: 20_000, interval: 100 },
    );
    expect(alerts[1]).toMatchObject(oldAlert!);
    expect(alerts[0]).toMatchObject({ causedByPosition: crossing.position, quantity: 4 });
  });

  it("keeps the old SKUs taken, the archived item's too", async () => {
    for (const item of oldItems) {
      const taken = await callJson(`${baseUrl}/api/items`, 'POST', { token: manager, body: { sku: item.sku.toLowerCase(), name: 'Copy' } });
      expect(taken.status).toBe(409);
    }
  });

  it('refuses a token of the old kind (no session) with 401, so an open tab signs in again', async () => {
    const staffId = (await loginAs(baseUrl, FIXTURE_USERS.staff.username, FIXTURE_USERS.staff.password)).user.id;
    const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ sub: staffId, iat: now, exp: now + 900, iss: 'ims', aud: 'ims-api' })}`;
    const signature = createHmac('sha256', TEST_JWT_SECRET).update(unsigned).digest('base64url');
    const answer = await callJson(`${baseUrl}/api/items?limit=1`, 'GET', { token: `${unsigned}.${signature}` });
    expect(answer.status).toBe(401);
    expect(answer.type).toContain('application/problem+json');
  });

  it('answers a retry of a movement keyed before the upgrade with its first answer, moving nothing', async () => {
    const staff = await loginAs(baseUrl, FIXTURE_USERS.staff.username, FIXTURE_USERS.staff.password);
    const { itemId } = old.keyed.body;
    const before = await ok(get<OldItemView>(`/api/items/${itemId}`));
    const retry = await callJson<{ movement: { id: string } }>(`${baseUrl}/api/stock-movements`, 'POST', {
      token: staff.token,
      body: old.keyed.body,
      headers: { 'idempotency-key': old.keyed.key },
    });
    expect(retry.status).toBe(201);
    expect(retry.body.movement.id).toBe(old.keyed.answer.movement.id);
    expect((await ok(get<OldItemView>(`/api/items/${itemId}`))).quantity).toBe(before.quantity);
  });

  it('moves stock at a new location on top of the old stock', async () => {
    const van = await ok(
      callJson<{ id: string; position: number }>(`${baseUrl}/api/locations`, 'POST', {
        token: manager,
        body: { code: 'VAN-1', name: 'Van 1' },
      }),
    );
    const item = oldItems.find((candidate) => !candidate.archived && candidate.quantity > 10)!;
    const move = (body: Record<string, unknown>) =>
      callJson<{ position: number }>(`${baseUrl}/api/stock-movements`, 'POST', { token: manager, body: { itemId: item.id, ...body } });

    const delivered = await ok(move({ type: 'IN', quantity: 10, locationId: van.id, reason: 'loaded the van' }));
    await ok(move({ type: 'OUT', quantity: 4, reason: 'job 19' }));
    const refused = await move({ type: 'OUT', quantity: 11, locationId: van.id });
    expect(refused.status).toBe(409);
    const counted = await ok(move({ type: 'ADJUST', quantity: 9, locationId: van.id, reason: 'stocktake' }));
    expect(counted.position).toBeGreaterThan(delivered.position);

    const now = await callJson<OldItemView & { locations: unknown[] }>(`${baseUrl}/api/items/${item.id}`, 'GET', {
      token: manager,
      headers: { 'x-min-position': String(counted.position) },
    });
    expect(now.body.quantity).toBe(item.quantity - 4 + 9);
    expect(now.body.locations).toEqual([
      { locationId: MAIN_LOCATION_ID, code: 'MAIN', quantity: item.quantity - 4, lowStockThreshold: null, lowStock: false },
      { locationId: van.id, code: 'VAN-1', quantity: 9, lowStockThreshold: null, lowStock: false },
    ]);
    const atVan = await ok(get<{ items: { id: string }[] }>(`/api/items?locationId=${van.id}`));
    expect(atVan.items.map(({ id }) => id)).toEqual([item.id]);
  });

  it('ops verify passes, and ops replay rebuilds the read models to the same figures', async () => {
    const env = { DATABASE_URL: database.url };
    const before = await readModels();
    const verified = await runCli(['verify'], env);
    expect(verified.stdout).toContain('the read models equal a fold of the events');
    expect(verified.stdout).toContain('verified: the read models and the hash chain');
    expect(verified.code).toBe(0);

    const replayed = await runCli(['replay'], env);
    expect(replayed.code).toBe(0);
    expect(await readModels()).toEqual(before);
    const again = await runCli(['verify'], env);
    expect(again.stdout).toContain('verified: the read models and the hash chain');
    expect(again.code).toBe(0);
  });
});
