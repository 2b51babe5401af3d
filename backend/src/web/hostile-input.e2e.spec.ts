import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { Client } from 'pg';
import { callJson, type JsonAnswer, type JsonCall } from '../../../test/json-api';
import type { TestApp } from '../../../test/test-app';
import { apiSuite, writtenEvents } from '../../../test/api-suite';
import { match } from '../../../test/matchers';
import type { ProblemDetails } from '../common/problem/problem';

let app: TestApp;
let db: Client;
let manager: string;
let staff: string;

apiSuite((suite) => ({ app, db, manager, staff } = suite));

type Answer = JsonAnswer;

interface RecordedMovement {
  readonly movement: { readonly note: string | null };
  readonly item: { readonly quantity: number };
}

const call = (method: string, path: string, options: JsonCall = {}) => callJson(`${app.baseUrl}/api${path}`, method, options);

const sku = () => `H-${randomUUID().slice(0, 8)}`;

async function newItem(quantity = 0): Promise<{ id: string }> {
  const answer = await call('POST', '/items', { token: manager, body: { sku: sku(), name: 'Widget', quantity } });
  expect(answer.status).toBe(201);
  return answer.body as { id: string };
}

function expectValidation(answer: Answer, field: string) {
  expect(answer.status).toBe(400);
  expect(answer.type).toContain('application/problem+json');
  expect(answer.body).toMatchObject({ type: '/problems/validation', status: 400 });
  expect((answer.body as ProblemDetails).errors?.map((e) => e.field)).toContain(field);
}

const NUL = '\u0000';

describe('control characters in any text field', () => {
  const cases: [
    string,
    (itemId: string) => [method: string, path: string, body: Record<string, unknown>, token?: 'manager' | 'none'],
    string,
  ][] = [
    ['a movement reason', (itemId) => ['POST', '/stock-movements', { itemId, type: 'IN', quantity: 1, reason: `a${NUL}b` }], 'reason'],
    ['a movement note', (itemId) => ['POST', '/stock-movements', { itemId, type: 'IN', quantity: 1, note: `a${NUL}b` }], 'note'],
    ['a new item name', () => ['POST', '/items', { sku: sku(), name: `a${NUL}b` }, 'manager'], 'name'],
    ['a new item description', () => ['POST', '/items', { sku: sku(), name: 'n', description: `a${NUL}b` }, 'manager'], 'description'],
    ['a changed item name', (itemId) => ['PATCH', `/items/${itemId}`, { name: `a${NUL}b` }, 'manager'], 'name'],
    ['an archive reason', (itemId) => ['DELETE', `/items/${itemId}`, { reason: `a${NUL}b` }, 'manager'], 'reason'],
    ['the login username', () => ['POST', '/auth/login', { username: `man${NUL}ager`, password: 'whatever-123' }, 'none'], 'username'],
    [
      'a registered username',
      () => ['POST', '/auth/register', { username: `u${NUL}ser`, email: 'u@example.com', password: 'password-123' }, 'none'],
      'username',
    ],
    [
      'a new user email',
      () => ['POST', '/users', { username: 'someone', email: `a${NUL}@example.com`, password: 'password-123', role: 'staff' }, 'manager'],
      'email',
    ],
    [
      'a movement reason (escape, bell)',
      (itemId) => ['POST', '/stock-movements', { itemId, type: 'IN', quantity: 1, reason: 'a\u001b[2Jb\u0007' }],
      'reason',
    ],
    [
      'a movement note (C1 control)',
      (itemId) => ['POST', '/stock-movements', { itemId, type: 'IN', quantity: 1, note: 'a\u0085b' }],
      'note',
    ],
    [
      'a movement note (a lone surrogate)',
      (itemId) => ['POST', '/stock-movements', { itemId, type: 'IN', quantity: 1, note: 'a\ud800b' }],
      'note',
    ],
  ];

  it.each(cases)('refuses %s naming the field, appending nothing', async (_, build, field) => {
    const item = await newItem(5);
    const [method, path, body, who] = build(item.id);
    const before = await writtenEvents(db);
    const answer = await call(method, path, { token: who === 'none' ? undefined : who === 'manager' ? manager : staff, body });
    expectValidation(answer, field);
    expect(await writtenEvents(db)).toBe(before);
  });

  it('keeps tab and newline', async () => {
    const item = await newItem(0);
    const answer = await call('POST', '/stock-movements', {
      token: staff,
      body: { itemId: item.id, type: 'IN', quantity: 1, note: 'line 1\n\tline 2' },
    });
    expect(answer.status).toBe(201);
    expect((answer.body as RecordedMovement).movement.note).toBe('line 1\n\tline 2');
  });

  it('fails only the bad movement of several sent together on one item', async () => {
    const item = await newItem(0);
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, n) =>
        call('POST', '/stock-movements', {
          token: staff,
          body: { itemId: item.id, type: 'IN', quantity: n + 1, reason: n === 4 ? `bad${NUL}` : 'ok' },
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 12 }, (_, n) => (n === 4 ? 400 : 201)));
    expect(Math.max(...answers.filter((a) => a.status === 201).map((a) => (a.body as RecordedMovement).item.quantity))).toBe(78 - 5);
  });

  it.each([
    ['/stock-movements?userId=%00', 'userId'],
    ['/events?userId=%00', 'userId'],
    ['/items?search=%00', 'search'],
    ['/items?search=a%1Bb', 'search'],
    ['/items?cursor=%00', 'cursor'],
    ['/alerts?cursor=%00', 'cursor'],
  ])('refuses %s', async (path, field) => {
    expectValidation(await call('GET', path, { token: manager }), field);
  });
});

describe('dates outside ISO 8601 date-time', () => {
  it.each([
    ['/stock-movements?from=2026-W01-1', 'from'],
    ['/stock-movements?to=2026-W01-1', 'to'],
    ['/stock-movements?from=2026-001', 'from'],
    ['/stock-movements?from=2026-01-01T10:00:00', 'from'],
    ['/stock-movements?from=%2B002026-01-01T00:00:00Z', 'from'],
    ['/events?from=2026-W01-1', 'from'],
    ['/events?to=2026-001T00:00:00Z', 'to'],
    ['/events?from=2026-01-01T00:00:00%2B16:00', 'from'],
    ['/events/export?to=2026-01-01T00:00:00%2B19:59', 'to'],
    ['/stock-movements?to=2026-01-01T00:00:00-19:00', 'to'],
    ['/alerts?itemId=%00', 'itemId'],
  ])('refuses %s', async (path, field) => {
    expectValidation(await call('GET', path, { token: manager }), field);
  });

  it.each(['2026-W01-1', '2026-001', '2026-01-01', '2026-01-01T10:00'])('refuses stock-at at=%s', async (at) => {
    const item = await newItem(1);
    expectValidation(await call('GET', `/items/${item.id}/stock-at?at=${at}`, { token: manager }), 'at');
  });
});

describe('numbers written with an exponent', () => {
  it.each([1e-7, 5e-324, 1.5e-9])('refuses a price of %s as a price with more than two decimals', async (price) => {
    const before = await writtenEvents(db);
    expectValidation(await call('POST', '/items', { token: manager, raw: `{"sku":"${sku()}","name":"n","price":${price}}` }), 'price');
    expect(await writtenEvents(db)).toBe(before);
  });

  it('keeps a price in whole cents', async () => {
    const answer = await call('POST', '/items', { token: manager, body: { sku: sku(), name: 'n', price: 0.29 } });
    expect(answer.status).toBe(201);
    expect((answer.body as { price: number }).price).toBe(0.29);
  });
});

describe('bodies nested too deep', () => {
  it.each([
    ['an array', '['.repeat(5000) + ']'.repeat(5000)],
    ['an object', '{"a":'.repeat(5000) + '1' + '}'.repeat(5000)],
  ])('refuses %s nested 5,000 deep', async (_, nested) => {
    const item = await newItem(0);
    const before = await writtenEvents(db);
    const answer = await call('POST', '/stock-movements', {
      token: staff,
      raw: `{"itemId":"${item.id}","type":"IN","quantity":1,"note":${nested}}`,
    });
    expect(answer.status).toBe(400);
    expect(answer.type).toContain('application/problem+json');
    expect((answer.body as ProblemDetails).type).toBe('/problems/validation');
    expect(await writtenEvents(db)).toBe(before);
  });
});

/** Sends `request` as is over a new connection and reads until the server closes it or answers in full. */
function raw(request: string): Promise<{ status: number; headers: string; body: string }> {
  const { hostname, port } = new URL(app.baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let text = '';
    const finish = () => {
      const end = text.indexOf('\r\n\r\n');
      const head = text.slice(0, end);
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), headers: head.toLowerCase(), body: text.slice(end + 4) });
    };
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      text += chunk;
      const end = text.indexOf('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(text.slice(0, end))?.[1];
      if (end >= 0 && length !== undefined && Buffer.byteLength(text.slice(end + 4), 'latin1') >= Number(length)) {
        socket.destroy();
        finish();
      }
    });
    socket.on('close', finish);
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? finish() : reject(error)));
    socket.write(request, 'latin1');
  });
}

describe('malformed HTTP', () => {
  it.each([
    ['a bad request line', 'GARBAGE\r\n\r\n', 400],
    ['a header without a colon', 'GET /api/items HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n', 400],
    [
      'an invalid content-length',
      'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: abc\r\n\r\n{}',
      400,
    ],
    ['two content-lengths', 'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}', 400],
    ['a control character in a header', 'GET /api/items HTTP/1.1\r\nHost: x\r\nX-Thing: a\u0001b\r\n\r\n', 400],
    ['headers too large', `GET /api/items HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431],
    ['bad percent-encoding in the path', 'GET /api/items/%E0%A4%A HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 400],
    ['an over-long percent-encoded path', 'GET /api/users/%C0%AE%C0%AE HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 400],
  ])('answers %s with problem+json', async (_, request, status) => {
    const answer = await raw(request);
    expect(answer.status).toBe(status);
    expect(answer.headers).toContain('content-type: application/problem+json');
    expect(JSON.parse(answer.body)).toMatchObject({ type: match.stringMatching(/^\/problems\//), status });
  });
});
