import { randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { Client } from 'pg';
import { SEEDED_MANAGER, seededManager, setRole, tokenFor, type SignedIn } from '../../../test/auth-helpers';
import type { TestApp } from '../../../test/test-app';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '../auth/access-tokens';
import { EventStore } from '../event-store/event-store';
import { userStreamId } from '../users/domain/user-events';
import { LiveBatch } from './live-batch';
import { LiveFeed } from './live-feed';
import { LiveGateway } from './live.gateway';
import { LiveClient, type LiveMessage } from './testing/live-client';
import { nextRangeEnd } from './store-range';
import { call, startReplica, TEST_SECRET } from './testing/replicas';
import { match } from '../../../test/matchers';
import { MAIN_LOCATION_ID } from '../inventory/domain/item-events';

// Small bounds, so that resumes read the database and the limits are reached with a few changes.
const OPTIONS = {
  IMS_LIVE_RECENT_MESSAGES: '5',
  IMS_LIVE_RESUME_LIMIT: '150',
  IMS_LIVE_HEARTBEAT_MS: '1000',
  IMS_LIVE_MAX_BUFFERED_BYTES: '32768',
  IMS_LIVE_READ_BATCH: '7',
};

let database: TestDatabase;
let db: Client;
let a: TestApp;
let b: TestApp;
let manager: SignedIn;
let staff: SignedIn;
const clients: LiveClient[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  // Two replicas on one database, shaped as test apps so that the auth helpers take them.
  const replica = async (): Promise<TestApp> => ({ ...(await startReplica(database.url, SEEDED_MANAGER.password, OPTIONS)), database });
  a = await replica();
  b = await replica();
  db = new Client({ connectionString: database.url });
  await db.connect();
  manager = await seededManager(a);
  staff = await tokenFor(a, 'staff');
});

// Each test starts once every replica's feed has delivered every event appended so far.
beforeEach(async () => {
  for (let waited = 0; waited < 15_000; waited += 20) {
    const { rows } = await db.query<{ position: string }>(
      'SELECT position FROM events ORDER BY transaction_id DESC, position DESC LIMIT 1',
    );
    const head = Number(rows[0]?.position ?? 0);
    if ([a, b].every((replica) => replica.app.get(LiveFeed).cursor.position === head)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the replicas never caught up with the store');
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

afterAll(async () => {
  // Each is still unset when beforeAll failed before creating it, and the ones created before it must still go.
  /* eslint-disable @typescript-eslint/no-unnecessary-condition */
  await db?.end();
  await a?.close();
  await b?.close();
  await database?.drop();
  /* eslint-enable @typescript-eslint/no-unnecessary-condition */
});

const track = (client: LiveClient) => {
  clients.push(client);
  return client;
};
const connect = async (app: TestApp, token = staff.token) => track(await LiveClient.greeted(app.baseUrl, token));
const resumeOn = async (app: TestApp, request: { after: number; epoch?: string | undefined }) =>
  track(await LiveClient.resuming(app.baseUrl, staff.token, request));

interface Item {
  id: string;
  quantity: number;
  [field: string]: unknown;
}

async function createItem(app: TestApp, fields: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<Item> {
  const suffix = randomUUID().slice(0, 8);
  const answer = await call<Item & { position: number }>(
    app.baseUrl,
    manager.token,
    'POST',
    '/api/items',
    { sku: `LIVE-${suffix}`, name: `Live ${suffix}`, quantity: 100, ...fields },
    headers,
  );
  expect(answer.status).toBe(201);
  // The item as a read shows it: the write's answer also carries the write's position.
  const { position, ...item } = answer.body;
  expect(position).toEqual(expect.any(Number));
  return item;
}

async function move(app: TestApp, itemId: string, type: 'IN' | 'OUT', quantity = 1, headers: Record<string, string> = {}) {
  const answer = await call<{ movement: { id: string; quantityAfter: number }; item: Item }>(
    app.baseUrl,
    staff.token,
    'POST',
    '/api/stock-movements',
    { itemId, type, quantity, note: `${type} ${quantity}` },
    headers,
  );
  expect(answer.status).toBe(201);
  return answer.body;
}

/** The positions of the inventory events after the one at `position`, in the store's gap-free order. */
async function inventoryEventsAfter(position: number): Promise<number[]> {
  const { rows } = await db.query<{ position: string; inventory: boolean }>(
    `SELECT position, stream_id LIKE 'item-%' AS inventory FROM events ORDER BY transaction_id, position`,
  );
  const start = rows.findIndex((row) => Number(row.position) === position) + 1;
  return rows.slice(start).flatMap((row) => (row.inventory ? [Number(row.position)] : []));
}

/** A message without its item snapshot, which is the item as it was when the message was read. */
const withoutItem = ({ data, ...message }: LiveMessage) => ({ ...message, movement: (data as { movement?: unknown }).movement });

/** The positions of the inventory events after the one at `after` up to the one at `upTo`, in the store's order. */
async function inventoryEventsBetween(after: number, upTo: number): Promise<number[]> {
  const [all, later] = await Promise.all([inventoryEventsAfter(after), inventoryEventsAfter(upTo)]);
  return all.slice(0, all.length - later.length);
}

const positions = (messages: readonly LiveMessage[]) => messages.map((message) => message.position);

describe('connecting to /ws', () => {
  const refused = async (token: string | undefined) => {
    const client = await LiveClient.connect(a.baseUrl, token);
    const closed = await client.closed;
    return { ...closed, messages: client.messages.length };
  };

  it('closes at once, sending nothing, a socket without a token, with a malformed one, one signed with another key, or an expired one', async () => {
    const jwt = new JwtService();
    const claims = { sub: staff.user.id };
    const options = { algorithm: 'HS256' as const, issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE };
    const forged = jwt.sign(claims, { ...options, secret: 'another-secret-of-enough-length-0123456789', expiresIn: 60 });
    const expired = jwt.sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 60 }, { ...options, secret: TEST_SECRET });

    expect(await refused(undefined)).toEqual({ code: 4401, reason: 'A valid access token is required', messages: 0 });
    expect(await refused('not-a-token')).toMatchObject({ code: 4401, messages: 0 });
    expect(await refused(forged)).toMatchObject({ code: 4401, messages: 0 });
    expect(await refused(expired)).toEqual({ code: 4401, reason: 'The access token has expired; sign in again', messages: 0 });
  });

  it('greets a signed-in socket with the store epoch and a position to resume from', async () => {
    const client = await connect(a);
    const { rows } = await db.query<{ epoch: string }>('SELECT epoch FROM store_epoch');
    expect(client.hello).toEqual({ type: 'hello', epoch: rows[0]!.epoch, position: match.any(Number) });
  });

  it('closes a socket when its token expires', async () => {
    const { sid } = JSON.parse(Buffer.from(staff.token.split('.')[1] ?? '', 'base64url').toString()) as { sid: string };
    const shortLived = new JwtService().sign(
      { sub: staff.user.id, sid },
      { algorithm: 'HS256', issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE, secret: TEST_SECRET, expiresIn: 2 },
    );
    const client = await connect(a, shortLived);
    expect(await client.closed).toEqual({ code: 4401, reason: 'The access token has expired; sign in again' });
  });

  it("closes a socket when its user's role changes, on every replica", async () => {
    const user = await tokenFor(a, 'staff');
    const onA = await connect(a, user.token);
    const onB = await connect(b, user.token);
    const other = await connect(b);
    expect((await setRole(a.baseUrl, manager.token, user.user.id, 'manager')).status).toBe(200);
    expect(await onA.closed).toEqual({ code: 4403, reason: 'Your role changed; connect again' });
    expect(await onB.closed).toMatchObject({ code: 4403 });

    // Connecting again authorises the new role; another user's socket was left alone.
    const again = await connect(a, user.token);
    expect(again.hello.type).toBe('hello');
    expect(other.socket.readyState).toBe(other.socket.OPEN);
  });

  it('closes a socket for a role change only once the users read model shows it, so the client re-reads the new role', async () => {
    const user = await tokenFor(a, 'staff');
    const client = await connect(a, user.token);
    // The change reaches the feed straight from the log, before any writer caught the users projection up.
    await a.app.get(EventStore).append({
      streamId: userStreamId(user.user.id),
      expectedVersion: 1,
      events: [{ type: 'UserRoleChanged', data: { userId: user.user.id, from: 'staff', to: 'manager' } }],
    });
    expect(await client.closed).toMatchObject({ code: 4403 });
    const me = await call<{ role: string }>(a.baseUrl, user.token, 'GET', '/api/auth/me');
    expect(me.body.role).toBe('manager');
  });

  it('drops a socket that stops answering pings', async () => {
    const client = track(await LiveClient.greeted(a.baseUrl, staff.token, { autoPong: false }));
    const closed = await client.closed;
    expect(closed.code).toBe(1006);
  });
});

describe('live messages', () => {
  it('reach a client on each replica whatever replica made the change, once the read models committed, with the correlation id', async () => {
    const onA = await connect(a);
    const onB = await connect(b);

    const item = await createItem(a, { description: 'made on A' }, { 'X-Correlation-Id': 'live-create-1' });
    for (const client of [onA, onB]) {
      const created = await client.change('item.created', (message) => (message.data as Item).id === item.id);
      const read = await call<Item>(b.baseUrl, staff.token, 'GET', `/api/items/${item.id}`);
      const { locations, lastCountedAt: _counted, ...view } = read.body as Item & { locations: unknown; lastCountedAt: unknown };
      expect(locations).toEqual([
        { locationId: MAIN_LOCATION_ID, code: 'MAIN', quantity: item.quantity, lowStockThreshold: null, lowStock: false },
      ]);
      expect(created).toEqual({ type: 'item.created', position: match.any(Number), data: view, correlationId: 'live-create-1' });
      expect(read.body).toMatchObject({ ...item, updatedAt: match.any(String) });
    }

    const recorded = await move(b, item.id, 'OUT', 3, { 'X-Correlation-Id': 'live-move-1' });
    for (const client of [onA, onB]) {
      const moved = await client.change('stock.moved', (message) => (message.data as { item: Item }).item.id === item.id);
      expect(moved.correlationId).toBe('live-move-1');
      // Sent after the projections committed: a read without any freshness header already shows it.
      const read = await call<Item>(a.baseUrl, staff.token, 'GET', `/api/items/${item.id}`);
      expect(read.body.quantity).toBe(97);
      const { locations, lastCountedAt: _counted, ...view } = read.body as Item & { locations: unknown; lastCountedAt: unknown };
      expect(locations).toEqual([{ locationId: MAIN_LOCATION_ID, code: 'MAIN', quantity: 97, lowStockThreshold: null, lowStock: false }]);
      expect(moved.data).toEqual({
        movement: { ...recorded.movement, at: match.any(String), position: moved.position },
        item: view,
      });
      const listed = await call<{ movements: { position: number }[] }>(
        b.baseUrl,
        staff.token,
        'GET',
        `/api/stock-movements?itemId=${item.id}`,
      );
      expect(listed.body.movements.map((movement) => movement.position)).toContain(moved.position);
    }

    const forItem = (message: LiveMessage) => (message.data as Item).id === item.id;
    const updated = await call<Item>(b.baseUrl, manager.token, 'PATCH', `/api/items/${item.id}`, { name: 'Renamed live item' });
    const archived = await call<Item>(a.baseUrl, manager.token, 'DELETE', `/api/items/${item.id}`);
    for (const client of [onA, onB]) {
      expect((await client.change('item.updated', forItem)).data).toMatchObject({ id: item.id, name: 'Renamed live item' });
      // A message carries the item as read_items holds it when the feed reads it: restoring only after
      // the archive was delivered keeps the two from being read in one range, both showing the restored item.
      expect((await client.change('item.archived', forItem)).data).toMatchObject({
        id: item.id,
        archived: true,
        version: archived.body.version,
      });
    }
    const restored = await call<Item>(b.baseUrl, manager.token, 'POST', `/api/items/${item.id}/restore`);
    for (const client of [onA, onB]) {
      expect((await client.change('item.restored', forItem)).data).toMatchObject({
        id: item.id,
        archived: false,
        version: restored.body.version,
      });
    }
    expect(updated.body.name).toBe('Renamed live item');
    // Both replicas sent the same messages in the same order.
    expect(positions(onB.changes)).toEqual(positions(onA.changes));
  });

  it('arrive in the order the projections apply the events: (transaction id, position)', async () => {
    const watcher = await connect(b);
    const items = await Promise.all([createItem(a), createItem(b), createItem(a)]);
    await Promise.all(
      items.flatMap((item, index) => Array.from({ length: 10 }, (_, n) => move(n % 2 ? a : b, item.id, index % 2 ? 'IN' : 'OUT'))),
    );
    await watcher.until(() => watcher.changes.length === 33);
    expect(positions(watcher.changes)).toEqual(await inventoryEventsAfter(watcher.hello.position));
  });

  it("cost each replica's feed one round trip a movement once the notices told it where the read models stand", async () => {
    const watchers = [await connect(a), await connect(b)];
    const item = await createItem(a);
    const delivered = (count: number) => Promise.all(watchers.map((watcher) => watcher.until(() => watcher.changes.length === count)));
    // A first movement, so that each feed has heard of every read model and prepared its statements.
    await move(a, item.id, 'OUT');
    await delivered(2);
    const query = vi.spyOn(Client.prototype, 'query');
    try {
      for (let n = 1; n <= 6; n += 1) {
        await move(n % 2 ? a : b, item.id, 'OUT');
        await delivered(2 + n);
      }
      // pg keeps a connection's settings in connectionParameters, which its types leave out.
      const applicationOf = (client: unknown) =>
        (client as { connectionParameters: { application_name: string } }).connectionParameters.application_name;
      const feedRoundTrips = query.mock.contexts.filter((client) => applicationOf(client) === 'ims-live-feed').length;
      // Six movements, two replicas: twelve, and one more for each replica whose slow poll came round meanwhile.
      expect(feedRoundTrips).toBeGreaterThanOrEqual(12);
      expect(feedRoundTrips).toBeLessThanOrEqual(14);
    } finally {
      query.mockRestore();
    }
    for (const watcher of watchers) expect(positions(watcher.changes)).toEqual(await inventoryEventsAfter(watcher.hello.position));
  });

  it('never split a transaction larger than the read batch: a socket gets it in one delivery, and stored reads end with it', async () => {
    const watcher = await connect(a);
    const item = await createItem(a);
    const deliveries: number[][] = [];
    const gateway = a.app.get(LiveGateway);
    const delivered = gateway.delivered.bind(gateway);
    const spy = vi.spyOn(gateway, 'delivered').mockImplementation((entries) => {
      deliveries.push(entries.map((entry) => entry.at.position));
      delivered(entries);
    });
    try {
      // Ten movements in one transaction, more than the feed's read batch of 7.
      const appended = await a.app.get(EventStore).append({
        streamId: `item-${item.id}`,
        expectedVersion: 1,
        events: Array.from({ length: 10 }, (_, n) => ({
          type: 'StockMoved',
          data: {
            itemId: item.id,
            movementId: randomUUID(),
            type: 'IN',
            quantity: 1,
            quantityBefore: 100 + n,
            quantityAfter: 101 + n,
            reason: null,
            note: null,
          },
        })),
      });
      if (appended.status !== 'appended') throw new Error(`the append was ${appended.status}`);
      const transaction = appended.positions;
      const moves = () => watcher.changes.filter((message) => message.type === 'stock.moved');
      await watcher.until(() => moves().length === 10);
      expect(positions(moves())).toEqual(transaction);
      const ofTransaction = deliveries.map((batch) => batch.filter((position) => transaction.includes(position)));
      expect(ofTransaction.filter((batch) => batch.length > 0)).toEqual([transaction]);

      // A resume that reads the store (the batch is smaller than the transaction) reads it whole too.
      const feed = a.app.get(LiveFeed);
      const greeted = await feed.checkpointOf(watcher.hello.position);
      if (!greeted) throw new Error('the greeting position is unknown to the store');
      expect((await nextRangeEnd(db, greeted, feed.cursor, 7)).position).toBe(transaction.at(-1));
    } finally {
      spy.mockRestore();
    }
  });

  it('are framed once per wake-up: every socket of the replica is written the very same bytes, and reads each message once, in order', async () => {
    const first = await connect(a);
    const second = await connect(a);
    // A spy calls through, noting each call's batch and the bytes it answered.
    const bytesFor = vi.spyOn(LiveBatch.prototype, 'bytesFor');
    let written: { batch: LiveBatch; bytes: Buffer | undefined }[];
    try {
      const item = await createItem(b);
      await Promise.all(Array.from({ length: 6 }, (_, n) => move(n % 2 ? a : b, item.id, 'IN')));
      for (const client of [first, second]) await client.until(() => client.changes.length === 7);
      written = bytesFor.mock.results.map((result, call) => ({
        batch: bytesFor.mock.contexts[call] as LiveBatch,
        bytes: result.value as Buffer | undefined,
      }));
    } finally {
      bytesFor.mockRestore();
    }
    expect(positions(first.changes)).toEqual(await inventoryEventsAfter(first.hello.position));
    expect(positions(second.changes)).toEqual(positions(first.changes));
    const batches = [...new Set(written.map(({ batch }) => batch))];
    expect(batches.length).toBeGreaterThan(0);
    for (const batch of batches) {
      const [one, other, ...more] = written.filter((write) => write.batch === batch).map(({ bytes }) => bytes);
      expect(more).toEqual([]);
      expect(one).toBeInstanceOf(Buffer);
      expect(other).toBe(one);
    }
  });

  it('go on without a client that stops reading, which is dropped instead of slowing the others', async () => {
    const gateway = a.app.get(LiveGateway);
    const slow = track(await LiveClient.greeted(a.baseUrl, staff.token));
    const fast = await connect(a);
    const before = gateway.clients;
    slow.socket.pause();
    // Big messages (a long description in every item) fill the socket buffers sooner.
    const item = await createItem(b, { description: 'x'.repeat(2000), quantity: 0 });
    let sent = 0;
    while (gateway.clients === before && sent < 2000) {
      await Promise.all(Array.from({ length: 10 }, () => move(b, item.id, 'IN')));
      sent += 10;
    }
    expect(gateway.clients).toBe(before - 1);
    await fast.until(() => fast.changes.filter((message) => message.type === 'stock.moved').length === sent);
    slow.socket.resume();
    expect((await slow.closed).code).toBe(1006);
  });
});

describe('resume', () => {
  it('follows the feed order when a transaction that started first commits a larger position later', async () => {
    const watcher = await connect(a);
    // A writer takes its transaction id, then another item is created and committed before it writes.
    const slowWriter = new Client({ connectionString: database.url });
    await slowWriter.connect();
    await slowWriter.query('BEGIN');
    await slowWriter.query('SELECT pg_current_xact_id()');
    const early = await createItem(b);
    const lateId = randomUUID();
    const fields = {
      sku: `LATE-${lateId.slice(0, 8)}`,
      name: 'Late writer',
      description: '',
      unit: 'pcs',
      lowStockThreshold: 0,
      price: null,
    };
    await slowWriter.query(`INSERT INTO events (stream_id, stream_version, type, data, metadata) VALUES ($1, 1, 'ItemChanged', $2, $3)`, [
      `item-${lateId}`,
      { itemId: lateId, kind: 'created', before: null, after: fields, quantity: 5, reason: null },
      { userId: manager.user.id, username: manager.user.username, correlationId: 'late-writer' },
    ]);
    await slowWriter.query('COMMIT');
    await slowWriter.end();

    await watcher.until(() => watcher.changes.length === 2);
    const [late, earlier] = watcher.changes as [LiveMessage, LiveMessage];
    expect((late.data as Item).id).toBe(lateId);
    expect((earlier.data as Item).id).toBe(early.id);
    expect(late.position).toBeGreaterThan(earlier.position);

    // Resuming after the larger position still brings the smaller one that followed it: from memory…
    const fromMemory = await resumeOn(b, { after: late.position });
    await fromMemory.until(() => fromMemory.changes.length === 1);
    expect(positions(fromMemory.changes)).toEqual([earlier.position]);

    // …and from the database, once more messages have pushed them out of memory.
    await Promise.all(Array.from({ length: 8 }, () => move(a, early.id, 'OUT')));
    await watcher.until(() => watcher.changes.length === 10);
    const fromDatabase = await resumeOn(a, { after: late.position });
    await fromDatabase.until(() => fromDatabase.changes.length === 9);
    expect(positions(fromDatabase.changes)).toEqual(positions(watcher.changes.slice(1)));
  });

  it('after a disconnect during a burst replays exactly the missed messages, in order, then live ones, on another replica', async () => {
    const watcher = await connect(a);
    const leaving = await connect(b);
    const items = await Promise.all([createItem(a), createItem(b)]);
    await watcher.until(() => watcher.changes.length === 2);
    await leaving.until(() => leaving.changes.length === 2);

    const burst = Promise.all(items.flatMap((item) => Array.from({ length: 20 }, (_, n) => move(n % 2 ? a : b, item.id, 'OUT'))));
    await leaving.until(() => leaving.changes.length >= 6);
    await leaving.close();
    const seen = leaving.changes;
    await burst;
    await watcher.until(() => watcher.changes.length === 42);

    const last = seen[seen.length - 1]!;
    const back = await resumeOn(a, { after: last.position, epoch: leaving.hello.epoch });
    const missed = watcher.changes.slice(watcher.changes.findIndex((message) => message.position === last.position) + 1);
    expect(missed.length).toBeGreaterThan(0);
    await back.until(() => back.changes.length >= missed.length);
    expect(back.changes.map(withoutItem)).toEqual(missed.map(withoutItem));

    const after = await move(b, items[0].id, 'IN');
    await back.until(() => back.changes.length === missed.length + 1);
    expect((back.changes.at(-1)!.data as { movement: { id: string } }).movement.id).toBe(after.movement.id);
    expect(positions([...seen, ...back.changes])).toEqual(positions(watcher.changes.slice(0, seen.length + back.changes.length)));
  });

  it('from the position a read answers brings the change committed between the read and the greeting', async () => {
    const watcher = await connect(a);
    const item = await createItem(a);
    await watcher.change('item.created', (message) => (message.data as Item).id === item.id);
    const read = await fetch(`${b.baseUrl}/api/items/${item.id}`, { headers: { authorization: `Bearer ${staff.token}` } });
    expect(((await read.json()) as Item).quantity).toBe(100);
    const { rows } = await db.query<{ epoch: string }>('SELECT epoch FROM store_epoch');
    expect([read.headers.get('X-Live-Position'), read.headers.get('X-Live-Epoch')]).toEqual([
      match.stringMatching(/^\d+$/),
      rows[0]!.epoch,
    ]);
    const readAt = Number(read.headers.get('X-Live-Position'));

    await move(a, item.id, 'OUT');
    const isTheMove = (message: LiveMessage) => (message.data as { item: Item }).item.id === item.id;
    const moved = await watcher.change('stock.moved', isTheMove);
    // A socket greeted once the change went out starts after it: a page that read before it would never see it.
    const greeted = await connect(a);
    expect(greeted.hello.position).toBeGreaterThanOrEqual(moved.position);
    expect(readAt).toBeLessThan(moved.position);

    const resumed = await resumeOn(a, { after: readAt, epoch: rows[0]!.epoch });
    expect(await resumed.change('stock.moved', isTheMove)).toEqual(moved);
  });

  it('within the messages held in memory sends only what was missed', async () => {
    const client = await connect(a);
    const item = await createItem(a);
    const created = await client.change('item.created', (message) => (message.data as Item).id === item.id);
    await client.close();
    const moved = await move(b, item.id, 'OUT');

    const back = await resumeOn(a, { after: created.position });
    await back.until(() => back.changes.length === 1);
    expect((back.changes[0]!.data as { movement: { id: string } }).movement.id).toBe(moved.movement.id);
  });

  it('from the greeting position misses nothing that happened in between', async () => {
    const first = await connect(b);
    const item = await createItem(a);
    await first.close();
    await move(a, item.id, 'IN');
    await move(b, item.id, 'IN');
    const back = await resumeOn(b, { after: first.hello.position, epoch: first.hello.epoch });
    // Exactly what the store holds after the greeting's position, in its order.
    const expected = await inventoryEventsAfter(first.hello.position);
    await back.until(() => back.changes.length >= expected.length);
    expect(positions(back.changes)).toEqual(expected);
    expect(back.changes.map((message) => message.type)).toEqual(['item.created', 'stock.moved', 'stock.moved']);
  });

  it('answers reset for a position too old, of another epoch or unknown to the store, and then goes on live', async () => {
    // More events than a resume replays (IMS_LIVE_RESUME_LIMIT) since position 0.
    await a.app.get(EventStore).append({
      streamId: `live-filler-${randomUUID()}`,
      expectedVersion: 0,
      events: Array.from({ length: 160 }, (_, n) => ({ type: 'Filler', data: { n } })),
    });
    // Once a client of replica B has the marker and its moves, B's feed is past every event appended so
    // far, and holds none of the older messages in memory (IMS_LIVE_RECENT_MESSAGES), whatever ran before.
    const watcher = await connect(b);
    const marker = await createItem(b);
    await Promise.all(Array.from({ length: Number(OPTIONS.IMS_LIVE_RECENT_MESSAGES) }, () => move(b, marker.id, 'IN')));
    await watcher.until(() => watcher.changes.length === Number(OPTIONS.IMS_LIVE_RECENT_MESSAGES) + 1);
    const epoch = watcher.hello.epoch;
    for (const request of [{ after: 0 }, { after: 1, epoch: 'another-epoch' }, { after: 10 ** 12, epoch }]) {
      const client = await resumeOn(b, request);
      await client.until((messages) => messages.some((message) => message.type === 'reset'));
      expect(client.messages.find((message) => message.type === 'reset')).toEqual({ type: 'reset', epoch, position: match.any(Number) });
      expect(client.changes).toEqual([]);
      const item = await createItem(a);
      const created = await client.change('item.created', (message) => (message.data as Item).id === item.id);
      expect(created.data).toMatchObject({ id: item.id, sku: item.sku });
      expect(client.changes).toEqual([created]);
    }

    // The same for a resume that arrives after live changes were sent: the gap before them is too old.
    const live = await connect(b);
    const item = await createItem(a);
    const created = await live.change('item.created', (message) => (message.data as Item).id === item.id);
    live.send({ type: 'resume', after: 0, epoch });
    await live.until((messages) => messages.some((message) => message.type === 'reset'));
    expect(live.changes).toEqual([created]);
  });

  it('closes a socket whose URL asks to resume after something that is no position', async () => {
    for (const after of ['', 'abc', '-1', '1e3', '1.5', '99999999999999999']) {
      const client = track(await LiveClient.connect(a.baseUrl, staff.token, {}, { after }));
      expect(await client.closed).toEqual({ code: 1008, reason: 'after must be a position (a non-negative integer)' });
      expect(client.changes).toEqual([]);
    }
  });

  it('to a resume that arrives after live changes were sent replays exactly the changes before them, in order, once, and live goes on', async () => {
    const watcher = await connect(a);
    for (let round = 0; round < 5; round += 1) {
      const earlier = await connect(a);
      await earlier.close();
      // Missed by the resuming client: made once its last socket closed, and before its new socket greets.
      const item = await createItem(b);
      const missedMove = await move(b, item.id, 'IN');
      await watcher.change(
        'stock.moved',
        (message) => (message.data as { movement: { id: string } }).movement.id === missedMove.movement.id,
      );
      const late = await connect(a);
      // Live changes go out on the new socket before the resume arrives: in odd rounds more go out while it
      // is answered; in even ones all of them before it, so that the missed changes are read from the store.
      const burst = Promise.all(Array.from({ length: 12 }, (_, n) => move(n % 2 ? a : b, item.id, 'OUT')));
      await late.until(() => late.changes.length >= (round % 2 ? 3 : 12));
      late.send({ type: 'resume', after: earlier.hello.position, epoch: earlier.hello.epoch });
      await burst;

      const missed = await inventoryEventsBetween(earlier.hello.position, late.hello.position);
      const live = await inventoryEventsAfter(late.hello.position);
      expect(missed.length).toBe(2);
      expect(live.length).toBe(12);
      await late.until(
        (messages) => late.changes.length >= missed.length + live.length || messages.some((message) => message.type === 'reset'),
      );
      expect(late.messages.filter((message) => message.type === 'reset')).toEqual([]);
      // The missed changes in one run, in order; around them every live change, in order; none twice.
      const received = positions(late.changes);
      const replayedAt = received.indexOf(missed[0]!);
      expect(replayedAt).toBeGreaterThanOrEqual(3);
      expect(received.slice(replayedAt, replayedAt + missed.length)).toEqual(missed);
      expect(received.toSpliced(replayedAt, missed.length)).toEqual(live);

      const next = await move(a, item.id, 'IN');
      await late.until(() => late.changes.length === missed.length + live.length + 1);
      expect((late.changes.at(-1)!.data as { movement: { id: string } }).movement.id).toBe(next.movement.id);
      await late.close();
    }
  });

  it('asked on the URL replays every missed change before any live one, while changes go on', async () => {
    const earlier = await connect(b);
    const item = await createItem(a);
    // More missed changes than memory holds, so that the replay reads the store in several batches.
    await Promise.all(Array.from({ length: 40 }, () => move(a, item.id, 'IN')));
    await earlier.until(() => earlier.changes.length === 41);
    await earlier.close();
    const moving = (async () => {
      for (let n = 0; n < 20; n += 1) await move(n % 2 ? a : b, item.id, 'OUT');
    })();
    const back = await resumeOn(b, { after: earlier.hello.position, epoch: earlier.hello.epoch });
    await moving;
    const expected = await inventoryEventsAfter(earlier.hello.position);
    await back.until(() => back.changes.length >= expected.length);
    expect(positions(back.changes)).toEqual(expected);
  });
});

describe('reset of every client', () => {
  const resetOf = async (client: LiveClient) => {
    await client.until((messages) => messages.some((message) => message.type === 'reset'));
    return client.messages.find((message) => message.type === 'reset')!;
  };

  it('follows a read-model rebuild, and live messages go on', async () => {
    const onA = await connect(a);
    const onB = await connect(b);
    const { rows } = await db.query<{ transaction_id: string; position: string }>(
      "SELECT transaction_id::text, position FROM checkpoints WHERE name = 'projection.items'",
    );
    const upTo = { transactionId: rows[0]!.transaction_id, position: Number(rows[0]!.position) };
    await db.query('SELECT pg_notify($1, $2)', ['ims_changes', JSON.stringify({ projection: 'items', upTo, events: 0, rebuilt: true })]);
    for (const client of [onA, onB])
      expect(await resetOf(client)).toEqual({ type: 'reset', epoch: client.hello.epoch, position: match.any(Number) });
    const item = await createItem(a);
    for (const client of [onA, onB]) await client.change('item.created', (message) => (message.data as Item).id === item.id);
  });

  it('tells clients of a new store epoch to refetch before any change read under it, when a change follows a restore at once', async () => {
    const clients = [await connect(a), await connect(b)];
    const item = await createItem(a);
    for (const client of clients) await client.change('item.created', (message) => (message.data as Item).id === item.id);
    // The feeds have heard where the read models stand; the movement's notice wakes them before any slow poll.
    const { rows } = await db.query<{ epoch: string }>('UPDATE store_epoch SET epoch = gen_random_uuid() RETURNING epoch::text');
    await move(a, item.id, 'OUT');
    for (const client of clients) {
      expect(await resetOf(client)).toEqual({ type: 'reset', epoch: rows[0]!.epoch, position: match.any(Number) });
      const types = client.messages.map((message) => message.type);
      expect(types.slice(types.indexOf('item.created') + 1)).toEqual(['reset']);
    }
    const after = await move(b, item.id, 'IN', 2);
    for (const client of clients) {
      const moved = await client.change('stock.moved');
      expect((moved.data as { movement: { id: string } }).movement.id).toBe(after.movement.id);
    }
  });

  it('follows a change of the store epoch (a restore), after which a resume from the old epoch is reset too', async () => {
    const client = await connect(b);
    const { rows } = await db.query<{ epoch: string }>('UPDATE store_epoch SET epoch = gen_random_uuid() RETURNING epoch::text');
    const epoch = rows[0]!.epoch;
    expect(await resetOf(client)).toEqual({ type: 'reset', epoch, position: match.any(Number) });

    // Replica A notices on its next read (a notification or the slow poll).
    for (let waited = 0; a.app.get(LiveFeed).epoch !== epoch && waited < 10_000; waited += 20)
      await new Promise((resolve) => setTimeout(resolve, 20));
    const stale = await connect(a);
    expect(stale.hello.epoch).toBe(epoch);
    stale.send({ type: 'resume', after: stale.hello.position, epoch: client.hello.epoch });
    expect(await resetOf(stale)).toEqual({ type: 'reset', epoch, position: stale.hello.position });
  });
});
