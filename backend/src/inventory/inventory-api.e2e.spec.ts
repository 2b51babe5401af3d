import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { callJson, type JsonAnswer, type JsonCall } from '../../../test/json-api';
import { apiSuite, writtenEvents } from '../../../test/api-suite';
import type { TestApp } from '../../../test/test-app';
import type { ProblemDetails, ProblemKind } from '../common/problem/problem';
import type { Positioned } from '../event-store/positioned';
import type { MovementResult } from './commands/answers';
import { MAIN_LOCATION_ID } from './domain/item-events';
import { positionCursor } from './queries/impl/cursors';
import type { ItemView } from './queries/impl/views';

let app: TestApp;
let db: Client;
let manager: string;
let staff: string;

apiSuite((suite) => ({ app, db, manager, staff } = suite));

type Answer<Body = unknown> = JsonAnswer<Body>;

/** The body is what the caller expects on success; a refusal is read through `expectProblem`. */
const call = <Body = unknown>(method: string, path: string, options: JsonCall = {}) =>
  callJson<Body>(`${app.baseUrl}/api${path}`, method, options);

// Vitest types its asymmetric matchers `any`; as `unknown` they stand where any value may.
const anyString: unknown = expect.any(String);
const matching = (pattern: RegExp): unknown => expect.stringMatching(pattern);

const sku = () => `T-${randomUUID().slice(0, 8)}`;

async function newItem(quantity = 0, extra: Record<string, unknown> = {}): Promise<Positioned<ItemView>> {
  const answer = await call<Positioned<ItemView>>('POST', '/items', {
    token: manager,
    body: { sku: sku(), name: 'Widget', quantity, ...extra },
  });
  expect(answer.status).toBe(201);
  return answer.body;
}
const move = (itemId: string, type: string, quantity: unknown, options: { token?: string; headers?: Record<string, string> } = {}) =>
  call<Positioned<MovementResult>>('POST', '/stock-movements', {
    token: options.token ?? staff,
    body: { itemId, type, quantity },
    headers: options.headers,
  });

function expectProblem(answer: Answer, status: number, type: ProblemKind): ProblemDetails {
  expect(answer.status).toBe(status);
  expect(answer.type).toContain('application/problem+json');
  expect(answer.body).toMatchObject({ type: `/problems/${type}`, status, title: anyString, detail: anyString });
  return answer.body as ProblemDetails;
}

describe('POST /api/items', () => {
  it('creates an item and answers it in the API shape', async () => {
    const answer = await call('POST', '/items', {
      token: manager,
      body: { sku: 'bolt-m10', name: 'Bolt M10', description: 'zinc', unit: 'box', quantity: 4, lowStockThreshold: 5, price: 12.5 },
    });
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({
      id: matching(/^[0-9a-f-]{36}$/),
      sku: 'bolt-m10',
      name: 'Bolt M10',
      description: 'zinc',
      unit: 'box',
      quantity: 4,
      lowStockThreshold: 5,
      price: 12.5,
      reorderPoint: null,
      reorderQuantity: null,
      leadTimeDays: null,
      barcode: null,
      lowStock: true,
      archived: false,
      version: 1,
      updatedAt: anyString,
      position: await lastPosition(),
    });
  });

  it('fills in defaults for the optional fields', async () => {
    expect(await newItem()).toMatchObject({ description: '', unit: 'pcs', quantity: 0, lowStockThreshold: 0, price: null });
  });

  it('refuses a SKU that exists, whatever its case', async () => {
    const first = await newItem();
    const before = await writtenEvents(db);
    const answer = await call('POST', '/items', { token: manager, body: { sku: first.sku.toLowerCase(), name: 'Again' } });
    expect(expectProblem(answer, 409, 'conflict').errors).toEqual([{ field: 'sku', message: 'is already taken' }]);
    expect(await writtenEvents(db)).toBe(before);
  });

  it('gives a SKU raced by two requests to exactly one of them', async () => {
    const raced = sku();
    const answers = await Promise.all([0, 1].map(() => call('POST', '/items', { token: manager, body: { sku: raced, name: 'Race' } })));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
  });

  it('is for managers only', async () => {
    const before = await writtenEvents(db);
    expectProblem(await call('POST', '/items', { token: staff, body: { sku: sku(), name: 'x' } }), 403, 'forbidden');
    expectProblem(await call('POST', '/items', { body: { sku: sku(), name: 'x' } }), 401, 'unauthorized');
    expect(await writtenEvents(db)).toBe(before);
  });
});

describe('PATCH, DELETE and POST restore /api/items/:id', () => {
  it('changes fields and answers the new version', async () => {
    const item = await newItem(3);
    const answer = await call('PATCH', `/items/${item.id}`, {
      token: manager,
      body: { name: 'Renamed', price: null },
      headers: { 'if-match': '"1"' },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ id: item.id, name: 'Renamed', price: null, quantity: 3, version: 2 });
  });

  it('refuses a stale If-Match with 409 and changes nothing', async () => {
    const item = await newItem();
    await move(item.id, 'IN', 2);
    const before = await writtenEvents(db);
    const answer = await call('PATCH', `/items/${item.id}`, { token: manager, body: { name: 'Late' }, headers: { 'if-match': '1' } });
    expect(expectProblem(answer, 409, 'conflict').currentVersion).toBe(2);
    expect(await writtenEvents(db)).toBe(before);
  });

  it('refuses to change the quantity outside a stock movement', async () => {
    const item = await newItem();
    expectProblem(await call('PATCH', `/items/${item.id}`, { token: manager, body: { quantity: 9 } }), 400, 'validation');
  });

  it('moves the SKU reservation when the SKU changes', async () => {
    const item = await newItem();
    const renamed = sku();
    expect((await call('PATCH', `/items/${item.id}`, { token: manager, body: { sku: renamed } })).status).toBe(200);
    expect((await call('POST', '/items', { token: manager, body: { sku: item.sku, name: 'Takes the old SKU' } })).status).toBe(201);
    expectProblem(await call('POST', '/items', { token: manager, body: { sku: renamed, name: 'x' } }), 409, 'conflict');
  });

  it('archives an item, which then accepts no movement, no change, and keeps its SKU', async () => {
    const item = await newItem(5);
    const archived = await call('DELETE', `/items/${item.id}`, { token: manager });
    expect(archived.status).toBe(200);
    expect(archived.body).toMatchObject({ archived: true, quantity: 5, version: 2 });
    const before = await writtenEvents(db);
    expectProblem(await move(item.id, 'OUT', 1), 409, 'conflict');
    expectProblem(await call('PATCH', `/items/${item.id}`, { token: manager, body: { name: 'x' } }), 409, 'conflict');
    expectProblem(await call('DELETE', `/items/${item.id}`, { token: manager }), 409, 'conflict');
    expectProblem(await call('POST', '/items', { token: manager, body: { sku: item.sku, name: 'x' } }), 409, 'conflict');
    expect(await writtenEvents(db)).toBe(before);
  });

  it('restores an archived item, which is listed and moves stock again, through a "restored" change', async () => {
    const item = await newItem(5);
    await call('DELETE', `/items/${item.id}`, { token: manager, body: { reason: 'seasonal' } });
    const restored = await call<Positioned<ItemView>>('POST', `/items/${item.id}/restore`, {
      token: manager,
      body: { reason: 'back in range' },
      headers: { 'if-match': '2' },
    });
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({
      id: item.id,
      sku: item.sku,
      archived: false,
      quantity: 5,
      version: 3,
    });
    expect(restored.body.position).toBeGreaterThan(item.position);
    const { rows } = await db.query<{ kind: string; reason: string }>(
      "SELECT data->>'kind' AS kind, data->>'reason' AS reason FROM events WHERE stream_id = $1 ORDER BY stream_version DESC LIMIT 1",
      [`item-${item.id}`],
    );
    expect(rows[0]).toEqual({ kind: 'restored', reason: 'back in range' });
    const out = await move(item.id, 'OUT', 2);
    expect(out.status).toBe(201);
    // The list and the history are read once the OUT is applied, the last event the history shows.
    const min = { 'x-min-position': String(out.body.position) };
    const listed = await call<{ items: ItemView[] }>('GET', `/items?search=${item.sku}`, { token: staff, headers: min });
    expect(listed.body.items.map((row) => row.id)).toEqual([item.id]);
    const history = await call<{ entries: { type: string; reason: string | null; position: number }[] }>(
      'GET',
      `/items/${item.id}/history`,
      {
        token: staff,
        headers: min,
      },
    );
    expect(history.body.entries.map((entry) => entry.type)).toEqual(['OUT', 'restored', 'archived', 'created']);
    expect(history.body.entries[1]!.reason).toBe('back in range');
    const beyondCreation = positionCursor.encode({ position: history.body.entries[3]!.position });
    const beyond = await call('GET', `/items/${item.id}/history?cursor=${beyondCreation}`, { token: staff });
    expect([beyond.status, beyond.body]).toEqual([200, { entries: [], nextCursor: null }]);
  });

  it('refuses to restore an item that is not archived, or with a stale If-Match, and appends nothing', async () => {
    const item = await newItem();
    const before = await writtenEvents(db);
    expectProblem(await call('POST', `/items/${item.id}/restore`, { token: manager }), 409, 'conflict');
    await call('DELETE', `/items/${item.id}`, { token: manager });
    const stale = await call('POST', `/items/${item.id}/restore`, { token: manager, headers: { 'if-match': '1' } });
    expect(expectProblem(stale, 409, 'conflict').currentVersion).toBe(2);
    expect(await writtenEvents(db)).toBe(before + 1);
  });

  it('answers a restore retried with the same Idempotency-Key with the first answer, appending once', async () => {
    const item = await newItem();
    await call('DELETE', `/items/${item.id}`, { token: manager });
    const keyed = { token: manager, headers: { 'idempotency-key': `restore-${randomUUID()}` } };
    const first = await call<Positioned<ItemView>>('POST', `/items/${item.id}/restore`, keyed);
    const before = await writtenEvents(db);
    const again = await call<Positioned<ItemView>>('POST', `/items/${item.id}/restore`, keyed);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await writtenEvents(db)).toBe(before);
  });

  it('answers 404 for an item that does not exist', async () => {
    expectProblem(await call('POST', `/items/${randomUUID()}/restore`, { token: manager }), 404, 'not-found');
    expectProblem(await call('PATCH', `/items/${randomUUID()}`, { token: manager, body: { name: 'x' } }), 404, 'not-found');
    expectProblem(await call('DELETE', `/items/${randomUUID()}`, { token: manager }), 404, 'not-found');
    expectProblem(await move(randomUUID(), 'IN', 1), 404, 'not-found');
    expectProblem(await call('GET', `/items/${randomUUID()}/history`, { token: manager }), 404, 'not-found');
    expectProblem(await call('GET', `/items/${randomUUID()}/stock-at?at=2026-01-01T00:00:00Z`, { token: manager }), 404, 'not-found');
  });

  it('is for managers only', async () => {
    const item = await newItem();
    expectProblem(await call('PATCH', `/items/${item.id}`, { token: staff, body: { name: 'x' } }), 403, 'forbidden');
    expectProblem(await call('DELETE', `/items/${item.id}`, { token: staff }), 403, 'forbidden');
    expectProblem(await call('POST', `/items/${item.id}/restore`, { token: staff }), 403, 'forbidden');
  });
});

describe('POST /api/stock-movements', () => {
  it('records IN, OUT and ADJUST and answers the movement with the item after it', async () => {
    const item = await newItem(10, { lowStockThreshold: 3 });
    const received = await move(item.id, 'IN', 5, { headers: { 'x-correlation-id': 'corr-in' } });
    expect(received.status).toBe(201);
    expect(received.body.movement).toEqual({
      id: anyString,
      itemId: item.id,
      type: 'IN',
      quantity: 5,
      quantityBefore: 10,
      quantityAfter: 15,
      reason: null,
      note: null,
      locationId: MAIN_LOCATION_ID,
      user: { id: anyString, username: matching(/^staff-/) },
      at: anyString,
    });
    expect(received.body.item).toMatchObject({ id: item.id, quantity: 15, version: 2, lowStock: false });
    expect((await move(item.id, 'OUT', 13)).body.item).toMatchObject({ quantity: 2, lowStock: true });
    const counted = await move(item.id, 'ADJUST', 7);
    expect(counted.body.movement).toMatchObject({ type: 'ADJUST', quantity: 5, quantityBefore: 2, quantityAfter: 7 });
    const { rows } = await db.query("SELECT metadata FROM events WHERE metadata->>'correlationId' = 'corr-in'");
    const mover = received.body.movement.user!;
    expect(rows).toEqual([{ metadata: { userId: mover.id, username: mover.username, correlationId: 'corr-in' } }]);
  });

  it('refuses an OUT beyond the stock with insufficient-stock and appends nothing', async () => {
    const item = await newItem(2);
    const before = await writtenEvents(db);
    const answer = await move(item.id, 'OUT', 3);
    expectProblem(answer, 409, 'insufficient-stock');
    expect(answer.body).toMatchObject({ available: 2, requested: 3 });
    expect(await writtenEvents(db)).toBe(before);
  });

  it('lets exactly 100 of 300 parallel OUT 1 through against 100 in stock', async () => {
    const item = await newItem(100);
    const answers = await Promise.all(Array.from({ length: 300 }, () => move(item.id, 'OUT', 1)));
    const succeeded = answers.filter((a) => a.status === 201);
    expect(succeeded).toHaveLength(100);
    expect(
      answers.filter((a: Answer) => a.status === 409 && (a.body as ProblemDetails).type === '/problems/insufficient-stock'),
    ).toHaveLength(200);
    // Each success saw a different quantity: no two of them decided on the same stock.
    expect(succeeded.map((a) => a.body.item.quantity).sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, n) => n));
    const { rows } = await db.query<{ q: number }>(
      "SELECT (data->>'quantityAfter')::int AS q FROM events WHERE stream_id = $1 ORDER BY stream_version DESC LIMIT 1",
      [`item-${item.id}`],
    );
    expect(rows[0]!.q).toBe(0);
  });

  it('answers a retry with the same Idempotency-Key and body with the first answer, appending once', async () => {
    const item = await newItem(1);
    const headers = { 'idempotency-key': `k-${randomUUID()}` };
    const first = await move(item.id, 'OUT', 1, { headers });
    const before = await writtenEvents(db);
    // The first OUT emptied the item: the retry must still get its answer, not insufficient-stock.
    const retry = await call('POST', '/stock-movements', {
      token: staff,
      raw: `{"quantity":1,"type":"OUT","itemId":"${item.id}"}`,
      headers,
    });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(await writtenEvents(db)).toBe(before);
    const { rows } = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM events WHERE metadata->>'idempotencyKey' = $1", [
      headers['idempotency-key'],
    ]);
    expect(rows[0]!.n).toBe(1);
  });

  it('refuses an Idempotency-Key reused with another body', async () => {
    const item = await newItem(5);
    const headers = { 'idempotency-key': `k-${randomUUID()}` };
    expect((await move(item.id, 'OUT', 1, { headers })).status).toBe(201);
    const before = await writtenEvents(db);
    expectProblem(await move(item.id, 'OUT', 2, { headers }), 409, 'conflict');
    expect(await writtenEvents(db)).toBe(before);
  });

  it('keeps working after a request fails', async () => {
    const item = await newItem(1);
    expectProblem(await move(item.id, 'OUT', 2), 409, 'insufficient-stock');
    expect((await move(item.id, 'OUT', 1)).status).toBe(201);
  });
});

describe('refusing bad input with problem+json and appending nothing', () => {
  let itemId: string;
  beforeAll(async () => {
    itemId = (await newItem(10)).id;
  });

  const movements: [string, unknown][] = [
    ['an unknown movement type', { type: 'MOVE', quantity: 1 }],
    ['a negative quantity', { type: 'IN', quantity: -1 }],
    ['a zero quantity for OUT', { type: 'OUT', quantity: 0 }],
    ['a zero quantity for IN', { type: 'IN', quantity: 0 }],
    ['a negative count for ADJUST', { type: 'ADJUST', quantity: -5 }],
    ['a fractional quantity', { type: 'IN', quantity: 1.5 }],
    ['a huge quantity', { type: 'IN', quantity: 1_000_000_001 }],
    ['a quantity as a string', { type: 'IN', quantity: '5' }],
    ['a missing quantity', { type: 'IN' }],
    ['a missing type', { quantity: 1 }],
    ['an unknown field', { type: 'IN', quantity: 1, price: 3 }],
    ['an overly long reason', { type: 'IN', quantity: 1, reason: 'r'.repeat(501) }],
    ['an overly long note', { type: 'IN', quantity: 1, note: 'n'.repeat(2001) }],
    ['a null type', { type: null, quantity: 1 }],
  ];
  it.each(movements)('refuses a movement with %s', async (_, body) => {
    const before = await writtenEvents(db);
    const answer = await call('POST', '/stock-movements', { token: staff, body: { itemId, ...(body as object) } });
    const { errors } = expectProblem(answer, 400, 'validation');
    expect(errors!.length).toBeGreaterThan(0);
    expect(errors![0]).toEqual({ field: anyString, message: anyString });
    expect(await writtenEvents(db)).toBe(before);
  });

  it.each([
    ['a missing itemId', { type: 'IN', quantity: 1 }],
    ['an itemId that is not a UUID', { itemId: 'item-1', type: 'IN', quantity: 1 }],
  ])('refuses a movement with %s', async (_, body) => {
    const before = await writtenEvents(db);
    const answer = await call('POST', '/stock-movements', { token: staff, body });
    expect(expectProblem(answer, 400, 'validation').errors).toEqual([expect.objectContaining({ field: 'itemId' })]);
    expect(await writtenEvents(db)).toBe(before);
  });

  const items: [string, Record<string, unknown>][] = [
    ['a SKU with spaces', { sku: 'has space', name: 'x' }],
    ['a SKU of 65 characters', { sku: 'A'.repeat(65), name: 'x' }],
    ['an empty SKU', { sku: '', name: 'x' }],
    ['a missing name', { sku: 'OK-1' }],
    ['a blank name', { sku: 'OK-1', name: '   ' }],
    ['an overly long name', { sku: 'OK-1', name: 'n'.repeat(201) }],
    ['a negative price', { sku: 'OK-1', name: 'x', price: -1 }],
    ['a price with three decimals', { sku: 'OK-1', name: 'x', price: 1.234 }],
    ['a price as a string', { sku: 'OK-1', name: 'x', price: '1.00' }],
    ['a fractional threshold', { sku: 'OK-1', name: 'x', lowStockThreshold: 0.5 }],
    ['a negative initial quantity', { sku: 'OK-1', name: 'x', quantity: -3 }],
    ['a null unit', { sku: 'OK-1', name: 'x', unit: null }],
    ['an unknown field', { sku: 'OK-1', name: 'x', colour: 'red' }],
  ];
  it.each(items)('refuses an item with %s', async (_, body) => {
    const before = await writtenEvents(db);
    const answer = await call('POST', '/items', { token: manager, body });
    expect(expectProblem(answer, 400, 'validation').errors!.length).toBeGreaterThan(0);
    expect(await writtenEvents(db)).toBe(before);
  });

  it('refuses malformed JSON', async () => {
    const before = await writtenEvents(db);
    expectProblem(await call('POST', '/stock-movements', { token: staff, raw: '{"itemId": "x", "type": "IN",' }), 400, 'validation');
    expect(await writtenEvents(db)).toBe(before);
  });

  it('says what is wrong with a body that is not JSON, or holds a prototype-poisoning key', async () => {
    const before = await writtenEvents(db);
    const malformed = await call('POST', '/stock-movements', { token: staff, raw: '{"itemId": ' });
    expect(expectProblem(malformed, 400, 'validation').detail).toBe('The body is not valid JSON');
    for (const raw of [
      `{"__proto__": {"admin": true}, "itemId": "${itemId}", "type": "IN", "quantity": 1}`,
      '{"constructor": {"prototype": {"x": 1}}}',
    ]) {
      const poisoned = await call('POST', '/stock-movements', { token: staff, raw });
      expect(expectProblem(poisoned, 400, 'validation').detail).toContain('__proto__');
    }
    expect(await writtenEvents(db)).toBe(before);
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])(
    'refuses a body sent as %s with 415: the API takes JSON only',
    async (contentType) => {
      const before = await writtenEvents(db);
      const answer = await call('POST', '/stock-movements', {
        token: staff,
        raw: 'itemId=x&type=IN&quantity=1',
        headers: { 'content-type': contentType },
      });
      expect(expectProblem(answer, 415, 'unsupported-media-type').detail).toContain('application/json');
      expect(await writtenEvents(db)).toBe(before);
    },
  );

  it('takes an empty JSON body as no body: fields are reported missing, and a DELETE without a token is still 401', async () => {
    const before = await writtenEvents(db);
    const empty = await call('POST', '/stock-movements', { token: staff, raw: '' });
    expect(expectProblem(empty, 400, 'validation').errors!.map((error) => error.field)).toEqual(
      expect.arrayContaining(['itemId', 'type', 'quantity']),
    );
    expectProblem(await call('DELETE', `/items/${itemId}`, { raw: '' }), 401, 'unauthorized');
    expect(await writtenEvents(db)).toBe(before);
  });

  it('refuses a body that is not an object', async () => {
    expectProblem(await call('POST', '/stock-movements', { token: staff, raw: '[1,2]' }), 400, 'validation');
  });

  it('refuses a body over 64 kB with 413', async () => {
    const before = await writtenEvents(db);
    const answer = await call('POST', '/stock-movements', {
      token: staff,
      body: { itemId, type: 'IN', quantity: 1, note: 'x'.repeat(70_000) },
    });
    expectProblem(answer, 413, 'payload-too-large');
    expect(await writtenEvents(db)).toBe(before);
  });

  it('refuses a malformed Idempotency-Key or If-Match header', async () => {
    const before = await writtenEvents(db);
    expectProblem(await move(itemId, 'IN', 1, { headers: { 'idempotency-key': 'k'.repeat(201) } }), 400, 'validation');
    expectProblem(
      await call('PATCH', `/items/${itemId}`, { token: manager, body: { name: 'x' }, headers: { 'if-match': 'soon' } }),
      400,
      'validation',
    );
    expect(await writtenEvents(db)).toBe(before);
  });

  it('refuses an item id that is not a UUID', async () => {
    expectProblem(await call('PATCH', '/items/42', { token: manager, body: { name: 'x' } }), 400, 'validation');
    expectProblem(await call('GET', '/items/42', { token: staff }), 400, 'validation');
  });
});

describe('GET query inputs', () => {
  it.each([
    ['/items?cursor=not-a-cursor', 'cursor'],
    [`/items?cursor=${Buffer.from('{"sku":5}').toString('base64url')}`, 'cursor'],
    ['/items?limit=0', 'limit'],
    ['/items?limit=201', 'limit'],
    ['/items?limit=ten', 'limit'],
    ['/items?lowStock=yes', 'lowStock'],
    ['/items?archived=yes', 'archived'],
    ['/items?sort=colour', 'sort'],
    ['/items?sort=--sku', 'sort'],
    [`/items?sort=name&cursor=${Buffer.from(`{"sort":"sku","key":"A","id":"${randomUUID()}"}`).toString('base64url')}`, 'cursor'],
    [
      `/items?sort=quantity&cursor=${Buffer.from(`{"sort":"quantity","key":"many","id":"${randomUUID()}"}`).toString('base64url')}`,
      'cursor',
    ],
    [
      `/items?sort=-updatedAt&cursor=${Buffer.from(`{"sort":"-updatedAt","key":"2026-13-45","id":"${randomUUID()}"}`).toString('base64url')}`,
      'cursor',
    ],
    [`/items?cursor=${Buffer.from(`{"sort":"sku","key":"A\\u0000","id":"${randomUUID()}"}`).toString('base64url')}`, 'cursor'],
    ['/items?unknown=1', 'unknown'],
    [`/items/${randomUUID()}/history?cursor=${Buffer.from('{"position":-1}').toString('base64url')}`, 'cursor'],
    [`/items/${randomUUID()}/stock-at`, 'at'],
    [`/items/${randomUUID()}/stock-at?at=yesterday`, 'at'],
    ['/stock-movements?type=SELL', 'type'],
    ['/stock-movements?from=2025-13-01', 'from'],
    ['/stock-movements?itemId=abc', 'itemId'],
    ['/stock-movements?cursor=%7B%7D', 'cursor'],
  ])('refuses %s', async (path, field) => {
    const answer = await call('GET', path, { token: staff });
    expect(expectProblem(answer, 400, 'validation').errors!.map((e) => e.field)).toContain(field);
  });

  it('needs a signed-in user', async () => {
    expectProblem(await call('GET', '/items'), 401, 'unauthorized');
    expectProblem(await call('GET', '/stock-movements'), 401, 'unauthorized');
  });
});

async function lastPosition(): Promise<number> {
  return Number((await db.query<{ position: string }>('SELECT max(position) AS position FROM events')).rows[0]!.position);
}
