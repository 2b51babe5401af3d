import { randomUUID } from 'node:crypto';
import { Client, Pool } from 'pg';
import { callJson, type JsonAnswer, type JsonCall } from '../../../test/json-api';
import { apiSuite } from '../../../test/api-suite';
import type { TestApp } from '../../../test/test-app';
import type { ProblemDetails, ProblemKind } from '../common/problem/problem';
import { EventStore } from '../event-store/event-store';
import { LiveClient } from '../live/testing/live-client';
import type { Positioned } from '../event-store/positioned';
import { MAIN_LOCATION_ID } from './domain/main-location';
import type { LocationView } from './queries/impl/views';

let app: TestApp;
let db: Client;
let manager: string;
let staff: string;

apiSuite((suite) => ({ app, db, manager, staff } = suite));

/** Status and body only: a retry's answer equals the first, whatever its headers. */
type Answer<Body = unknown> = Pick<JsonAnswer<Body>, 'status' | 'body'>;

/** As the manager unless another token is given. */
async function call<Body = unknown>(method: string, path: string, options: JsonCall = {}): Promise<Answer<Body>> {
  const { status, body } = await callJson<Body>(`${app.baseUrl}/api${path}`, method, { ...options, token: options.token ?? manager });
  return { status, body };
}

function expectProblem(answer: Answer, status: number, type: ProblemKind): ProblemDetails {
  expect(answer).toMatchObject({ status, body: { type: `/problems/${type}`, status } });
  return answer.body as ProblemDetails;
}

const anyString: unknown = expect.any(String);
const anyNumber: unknown = expect.any(Number);
const code = () => `L-${randomUUID().slice(0, 8)}`;
const locationEvents = async () =>
  (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM events WHERE stream_id LIKE 'location-%'")).rows[0]!.n;

async function newLocation(name = 'Van'): Promise<Positioned<LocationView>> {
  const answer = await call<Positioned<LocationView>>('POST', '/locations', { body: { code: code(), name } });
  expect(answer.status).toBe(201);
  return answer.body;
}

/** The list once the read models have applied `position`. */
const listAt = async (position: number) =>
  (await call<LocationView[]>('GET', '/locations', { token: staff, headers: { 'X-Min-Position': String(position) } })).body;

describe('GET /api/locations', () => {
  it('always holds the main location first, with no event written for it', async () => {
    const answer = await call<LocationView[]>('GET', '/locations', { token: staff });
    expect(answer.status).toBe(200);
    expect(answer.body[0]).toEqual({ id: MAIN_LOCATION_ID, code: 'MAIN', name: 'Main location', archived: false });
  });
});

describe('POST /api/locations', () => {
  it('creates a location that the list then shows', async () => {
    const created = await newLocation('Van one');
    expect(created).toEqual({ id: anyString, code: created.code, name: 'Van one', archived: false, position: anyNumber });
    const { position, ...view } = created;
    expect(await listAt(position)).toContainEqual(view);
  });

  it('refuses a code that exists, whatever its case, and the main location code', async () => {
    const first = await newLocation();
    const before = await locationEvents();
    for (const taken of [first.code.toLowerCase(), 'main']) {
      const answer = await call('POST', '/locations', { body: { code: taken, name: 'Again' } });
      expect(expectProblem(answer, 409, 'conflict').errors).toEqual([{ field: 'code', message: 'is already taken' }]);
    }
    expect(await locationEvents()).toBe(before);
  });

  it('refuses a malformed code and a blank name', async () => {
    expectProblem(await call('POST', '/locations', { body: { code: 'has space', name: 'x' } }), 400, 'validation');
    expectProblem(await call('POST', '/locations', { body: { code: code(), name: '  ' } }), 400, 'validation');
  });

  it('is for managers only', async () => {
    expectProblem(await call('POST', '/locations', { token: staff, body: { code: code(), name: 'x' } }), 403, 'forbidden');
  });

  it('answers a retry with the same Idempotency-Key with the first location, writing nothing more', async () => {
    const headers = { 'Idempotency-Key': randomUUID() };
    const body = { code: code(), name: 'Shelf' };
    const first = await call<Positioned<LocationView>>('POST', '/locations', { body, headers });
    const before = await locationEvents();
    const again = await call<Positioned<LocationView>>('POST', '/locations', { body, headers });
    expect(again).toEqual(first);
    expect(await locationEvents()).toBe(before);
  });
});

describe('PATCH /api/locations/:id', () => {
  it('renames a location, and a changed code frees the old one', async () => {
    const created = await newLocation();
    const renamed = await call<Positioned<LocationView>>('PATCH', `/locations/${created.id}`, { body: { code: code(), name: 'Blue van' } });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ id: created.id, name: 'Blue van' });
    expect((await call('POST', '/locations', { body: { code: created.code, name: 'Reused' } })).status).toBe(201);
  });

  it('renames the main location, which keeps its id', async () => {
    const renamed = await call<Positioned<LocationView>>('PATCH', `/locations/${MAIN_LOCATION_ID}`, { body: { name: 'Warehouse' } });
    expect(renamed.status).toBe(200);
    expect((await listAt(renamed.body.position))[0]).toEqual({ id: MAIN_LOCATION_ID, code: 'MAIN', name: 'Warehouse', archived: false });
  });

  it('answers 404 for an unknown location', async () => {
    expectProblem(await call('PATCH', `/locations/${randomUUID()}`, { body: { name: 'x' } }), 404, 'not-found');
  });
});

describe('DELETE /api/locations/:id', () => {
  it('archives a location, which then accepts no changes', async () => {
    const created = await newLocation();
    const archived = await call<Positioned<LocationView>>('DELETE', `/locations/${created.id}`);
    expect(archived.body).toMatchObject({ id: created.id, archived: true });
    expect((await listAt(archived.body.position)).find(({ id }) => id === created.id)?.archived).toBe(true);
    expectProblem(await call('DELETE', `/locations/${created.id}`), 409, 'conflict');
    expectProblem(await call('PATCH', `/locations/${created.id}`, { body: { name: 'x' } }), 409, 'conflict');
  });

  it('refuses to archive the main location', async () => {
    expectProblem(await call('DELETE', `/locations/${MAIN_LOCATION_ID}`), 409, 'conflict');
  });
});

describe('location.changed on the live feed', () => {
  it('carries each change as the list then shows the location', async () => {
    const client = await LiveClient.greeted(app.baseUrl, staff);
    try {
      const created = await newLocation('Van');
      const renamed = await call<Positioned<LocationView>>('PATCH', `/locations/${created.id}`, { body: { name: 'Red van' } });
      const archived = await call<Positioned<LocationView>>('DELETE', `/locations/${created.id}`);
      await client.until((messages) => messages.filter(({ type }) => type === 'location.changed').length >= 3);
      const view = { id: created.id, code: created.code };
      expect(client.changes.filter(({ type }) => type === 'location.changed')).toEqual([
        expect.objectContaining({ position: created.position, data: { ...view, name: 'Van', archived: false } }),
        expect.objectContaining({ position: renamed.body.position, data: { ...view, name: 'Red van', archived: false } }),
        expect.objectContaining({ position: archived.body.position, data: { ...view, name: 'Red van', archived: true } }),
      ]);
    } finally {
      await client.close();
    }
  });
});

describe('stock movements at a location', () => {
  interface Moved {
    movement: { id: string; locationId: string; quantityBefore: number; quantityAfter: number };
    item: { quantity: number };
    position: number;
  }
  interface Listed {
    movements: { id: string; locationId: string; quantity: number }[];
  }
  const newItem = async (quantity: number) =>
    (await call<Positioned<{ id: string }>>('POST', '/items', { body: { sku: code(), name: 'Widget', quantity } })).body.id;
  const move = (itemId: string, type: string, quantity: number, locationId?: string) =>
    call<Moved>('POST', '/stock-movements', { token: staff, body: { itemId, type, quantity, ...(locationId && { locationId }) } });
  const itemEvents = async (itemId: string) =>
    (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE stream_id = $1', [`item-${itemId}`])).rows[0]!.n;

  it('takes OUT and ADJUST from the stock at that location; the item quantity is the sum', async () => {
    const van = await newLocation();
    const itemId = await newItem(5);
    const received = await move(itemId, 'IN', 3, van.id);
    expect(received.status).toBe(201);
    expect(received.body.movement).toMatchObject({ locationId: van.id, quantityBefore: 5, quantityAfter: 8 });
    expect(received.body.item.quantity).toBe(8);
    expectProblem(await move(itemId, 'OUT', 4, van.id), 409, 'insufficient-stock');
    expect((await move(itemId, 'ADJUST', 1, van.id)).body.movement).toMatchObject({ quantityBefore: 8, quantityAfter: 6 });
    const main = await move(itemId, 'OUT', 5);
    expect(main.body.movement).toMatchObject({ locationId: MAIN_LOCATION_ID, quantityAfter: 1 });

    const listed = await call<Listed>('GET', `/stock-movements?itemId=${itemId}&locationId=${van.id}`, {
      headers: { 'X-Min-Position': String(main.body.position) },
    });
    expect(listed.body.movements.map(({ locationId, quantity }) => [locationId, quantity])).toEqual([
      [van.id, -2],
      [van.id, 3],
    ]);
    const item = await call<{ quantity: number; locations: unknown[] }>('GET', `/items/${itemId}`, {
      headers: { 'X-Min-Position': String(main.body.position) },
    });
    expect(item.body).toMatchObject({
      quantity: 1,
      locations: [{ locationId: van.id, code: van.code, quantity: 1, lowStockThreshold: null }],
    });
  });

  it('lists only the items with stock at a location for GET /api/items?locationId=', async () => {
    const shelf = await newLocation();
    // Stock at the main location only: not listed.
    await newItem(2);
    const [there, emptied] = [await newItem(2), await newItem(0)];
    await move(there, 'IN', 1, shelf.id);
    await move(emptied, 'IN', 1, shelf.id);
    const last = await move(emptied, 'OUT', 1, shelf.id);
    const listed = await call<{ items: { id: string }[] }>('GET', `/items?locationId=${shelf.id}`, {
      headers: { 'X-Min-Position': String(last.body.position) },
    });
    expect(listed.body.items.map(({ id }) => id)).toEqual([there]);
  });

  it('refuses to archive a location while it holds stock', async () => {
    const shelf = await newLocation();
    const itemId = await newItem(0);
    const received = await move(itemId, 'IN', 3, shelf.id);
    await call('GET', '/locations', { headers: { 'X-Min-Position': String(received.body.position) } });
    const refused = expectProblem(await call('DELETE', `/locations/${shelf.id}`), 409, 'conflict');
    expect(refused.detail).toMatch(/holds 3 units/);
    // The figure on its own, for the app to say what is left to move.
    expect(refused).toMatchObject({ unitsHeld: 3 });
    const emptied = await move(itemId, 'OUT', 3, shelf.id);
    await call('GET', '/locations', { headers: { 'X-Min-Position': String(emptied.body.position) } });
    expect((await call<LocationView>('DELETE', `/locations/${shelf.id}`)).body.archived).toBe(true);
  });

  it('refuses an unknown location (404) and an archived one (409), appending nothing', async () => {
    const itemId = await newItem(5);
    const shut = await newLocation();
    await call('DELETE', `/locations/${shut.id}`);
    const before = await itemEvents(itemId);
    expectProblem(await move(itemId, 'IN', 1, randomUUID()), 404, 'not-found');
    expectProblem(await move(itemId, 'IN', 1, shut.id), 409, 'conflict');
    expect(await itemEvents(itemId)).toBe(before);
  });

  it('reads movements recorded before there were locations (no locationId) as stock at the main location', async () => {
    const itemId = randomUUID();
    const streamId = `item-${itemId}`;
    const fields = { sku: code(), name: 'Old', description: '', unit: 'pcs', lowStockThreshold: 0, price: null };
    const pool = new Pool({ connectionString: app.database.url, max: 1 });
    const appended = await new EventStore(pool).append({
      streamId,
      expectedVersion: 0,
      events: [
        { type: 'ItemChanged', data: { itemId, kind: 'created', before: null, after: fields, quantity: 2, reason: null } },
        {
          type: 'StockMoved',
          data: {
            itemId,
            movementId: randomUUID(),
            type: 'IN',
            quantity: 7,
            quantityBefore: 2,
            quantityAfter: 9,
            reason: null,
            note: null,
          },
        },
      ],
    });
    await pool.end();
    if (appended.status !== 'appended') throw new Error('not appended');
    const at = { 'X-Min-Position': String(appended.positions.at(-1)) };
    expect((await call('GET', `/items/${itemId}`, { headers: at })).body).toMatchObject({
      quantity: 9,
      locations: [{ locationId: MAIN_LOCATION_ID, code: 'MAIN', quantity: 9, lowStockThreshold: null }],
    });
    const listed = await call<Listed>('GET', `/stock-movements?itemId=${itemId}`, { headers: at });
    expect(listed.body.movements.map(({ locationId }) => locationId)).toEqual([MAIN_LOCATION_ID]);
    const elsewhere = await newLocation();
    expectProblem(await move(itemId, 'OUT', 1, elsewhere.id), 409, 'insufficient-stock');
    expect((await move(itemId, 'OUT', 9)).body.movement).toMatchObject({ locationId: MAIN_LOCATION_ID, quantityAfter: 0 });
  });
});
