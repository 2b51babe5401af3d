import { parse } from 'csv-parse/sync';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { authHeader, seededManager, tokenFor, type SignedIn } from '../../../test/auth-helpers';
import { startTestApp, type TestApp } from '../../../test/test-app';
import type { ChainVerdict } from '../event-store/chain-verification';
import type { AuditEvent } from './audit-event';
import { ChainAnchorWriter } from './chain-anchor-writer';
import { match } from '../../../test/matchers';
import type { ProblemDetails } from '../common/problem/problem';
import type { EventMetadata } from '../event-store/stored-event';

let app: TestApp;
let anchorDir: string;
let db: Client;
let manager: SignedIn;
let staff: SignedIn;
let itemA: string;
let itemB: string;

interface Answer {
  status: number;
  type: string | null;
  headers: Headers;
  text: string;
}

async function get(path: string, token: string, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${app.baseUrl}/api${path}`, { headers: { ...authHeader(token), ...headers } });
  return { status: response.status, type: response.headers.get('content-type'), headers: response.headers, text: await response.text() };
}

async function page(query: string): Promise<{ events: AuditEvent[]; nextCursor: string | null; horizon: number }> {
  const answer = await get(`/events${query}`, manager.token);
  expect(answer.status, answer.text).toBe(200);
  return JSON.parse(answer.text) as { events: AuditEvent[]; nextCursor: string | null; horizon: number };
}

/** Every event matching `query`, following `nextCursor` page by page: as `after` oldest first, as `before` newest first. */
async function walk(query: Record<string, string>, limit = 1000, order: 'asc' | 'desc' = 'asc'): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  const cursorName = order === 'asc' ? 'after' : 'before';
  let cursor: string | null = order === 'asc' ? '0' : null;
  do {
    const cursorParameter: Record<string, string> = cursor === null ? {} : { [cursorName]: cursor };
    const answer = await page(`?${new URLSearchParams({ ...query, limit: String(limit), order, ...cursorParameter }).toString()}`);
    events.push(...answer.events);
    cursor = answer.nextCursor;
  } while (cursor !== null);
  return events;
}

/** Positions of the events the database holds that satisfy `where`: what each filter must answer. */
async function positionsWhere(where: string, params: unknown[] = []): Promise<number[]> {
  const { rows } = await db.query<{ position: number }>(`SELECT position::int FROM events WHERE ${where} ORDER BY position`, params);
  return rows.map((row) => row.position);
}

async function post(path: string, token: string, body: unknown, headers: Record<string, string> = {}): Promise<unknown> {
  const response = await fetch(`${app.baseUrl}/api${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authHeader(token), ...headers },
    body: JSON.stringify(body),
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return response.json();
}

interface Created {
  readonly id: string;
}

const sku = () => `A-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  anchorDir = await mkdtemp(join(tmpdir(), 'ims-audit-anchor-'));
  app = await startTestApp({ IMS_CHAIN_ANCHOR_PATH: join(anchorDir, 'chain-anchor.json') });
  db = new Client({ connectionString: app.database.url });
  await db.connect();
  manager = await seededManager(app);
  staff = await tokenFor(app, 'staff');
  itemA = ((await post('/items', manager.token, { sku: sku(), name: 'Bolt', quantity: 10 })) as Created).id;
  itemB = ((await post('/items', manager.token, { sku: sku(), name: '=HYPERLINK("http://evil")', quantity: 3 })) as Created).id;
  await post('/stock-movements', staff.token, { itemId: itemA, type: 'IN', quantity: 5, reason: 'delivery' });
  await post('/stock-movements', staff.token, { itemId: itemA, type: 'OUT', quantity: 2 }, { 'Idempotency-Key': '=1+1' });
  await post('/stock-movements', manager.token, { itemId: itemB, type: 'ADJUST', quantity: 1, reason: 'stocktake' });
});

afterAll(async () => {
  await db.end();
  await app.close();
  await rm(anchorDir, { recursive: true, force: true });
});

describe('GET /api/events', () => {
  it('lists the whole log in position order, each event as stored, with its hash', async () => {
    const { events, nextCursor, horizon } = await page('');
    const { rows } = await db.query<{
      position: number;
      event_id: string;
      stream_id: string;
      stream_version: number;
      type: string;
      data: unknown;
      metadata: unknown;
      recorded_at: Date;
      hash: string;
    }>(
      `SELECT position::int, event_id, stream_id, stream_version, type, data, metadata, recorded_at, encode(hash, 'hex') AS hash
         FROM events ORDER BY position`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(7);
    expect(nextCursor).toBeNull();
    expect(horizon).toBeGreaterThanOrEqual(rows.at(-1)!.position);
    expect(events.map((event) => event.position)).toEqual(rows.map((row) => row.position));
    events.forEach((event, index) => {
      const row = rows[index]!;
      expect(event).toEqual({
        position: row.position,
        eventId: row.event_id,
        streamId: row.stream_id,
        streamVersion: row.stream_version,
        type: row.type,
        data: row.data,
        metadata: row.metadata,
        recordedAt: match.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/),
        hash: row.hash,
        // Nothing in this log was reversed ('reversed movements' below).
        reversedBy: null,
      });
      expect(new Date(event.recordedAt).getTime()).toBe(row.recorded_at.getTime());
    });
  });

  it('shows who did it, under which correlation id and idempotency key', async () => {
    const { events } = await page(`?streamId=item-${itemA}&type=StockMoved`);
    expect(events.map((event) => (event.data as { type: string }).type)).toEqual(['IN', 'OUT']);
    for (const event of events) {
      expect(event.metadata).toMatchObject({ userId: staff.user.id, username: staff.user.username, correlationId: match.any(String) });
    }
    expect(events[1]!.metadata.idempotencyKey).toBe('=1+1');
  });

  it('filters by stream', async () => {
    const events = await walk({ streamId: `item-${itemA}` });
    expect(events.map((event) => event.position)).toEqual(await positionsWhere('stream_id = $1', [`item-${itemA}`]));
    expect(events.map((event) => event.streamVersion)).toEqual([1, 2, 3]);
  });

  it('filters by type', async () => {
    for (const type of ['ItemChanged', 'StockMoved', 'UserRegistered']) {
      const events = await walk({ type });
      expect(events.length).toBeGreaterThan(0);
      expect(events.map((event) => event.position)).toEqual(await positionsWhere('type = $1', [type]));
    }
  });

  it('filters by the acting user', async () => {
    const byStaff = await walk({ userId: staff.user.id });
    // Their sign-in (UserSignedIn, with the user as the actor) and what they did.
    expect(byStaff).toHaveLength(3);
    expect(byStaff.map((event) => event.position)).toEqual(await positionsWhere(`metadata->>'userId' = $1`, [staff.user.id]));
    const byManager = await walk({ userId: manager.user.id });
    expect(byManager.map((event) => event.position)).toEqual(await positionsWhere(`metadata->>'userId' = $1`, [manager.user.id]));
  });

  it('filters by a time range, from inclusive and to exclusive, to the microsecond', async () => {
    const all = await walk({});
    const from = all[2]!.recordedAt;
    const to = all.at(-1)!.recordedAt;
    const events = await walk({ from, to });
    expect(events.map((event) => event.position)).toEqual(
      await positionsWhere('recorded_at >= $1::timestamptz AND recorded_at < $2::timestamptz', [from, to]),
    );
    expect(events[0]!.recordedAt).toBe(from);
    expect(events.some((event) => event.recordedAt === to)).toBe(false);
    const offset = await walk({ from: from.replace('Z', '+02:00') });
    expect(offset.map((event) => event.position)).toEqual(
      await positionsWhere(`recorded_at >= $1::timestamptz`, [from.replace('Z', '+02:00')]),
    );
  });

  it('combines filters', async () => {
    const events = await walk({ type: 'StockMoved', userId: manager.user.id, streamId: `item-${itemB}` });
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toMatchObject({ type: 'ADJUST', quantityBefore: 3, quantityAfter: 1 });
    expect(await walk({ type: 'StockMoved', userId: staff.user.id, streamId: `item-${itemB}` })).toEqual([]);
  });

  it('pages by position without a gap or a duplicate, ending with a null cursor', async () => {
    const whole = await walk({}, 1000);
    for (const limit of [1, 2, 3]) {
      const paged = await walk({}, limit);
      expect(paged).toEqual(whole);
    }
    const first = await page('?limit=2');
    expect(first.events).toHaveLength(2);
    expect(first.nextCursor).toBe(String(first.events[1]!.position));
    const second = await page(`?limit=2&after=${first.nextCursor}`);
    expect(second.events[0]!.position).toBe(whole[2]!.position);
    expect((await page(`?after=${whole.at(-1)!.position}`)).events).toEqual([]);
  });

  it('pages newest first by `before`, the same events in reverse, without a gap or a duplicate', async () => {
    const whole = await walk({}, 1000);
    for (const limit of [1, 2, 7]) expect(await walk({}, limit, 'desc')).toEqual([...whole].reverse());
    const moves = await walk({ type: 'StockMoved' });
    expect(moves.length).toBeGreaterThan(2);
    expect(await walk({ type: 'StockMoved' }, 2, 'desc')).toEqual([...moves].reverse());
    const first = await page('?order=desc&limit=2');
    expect(first.events.map((event) => event.position)).toEqual([whole.at(-1)!.position, whole.at(-2)!.position]);
    expect(first.nextCursor).toBe(String(whole.at(-2)!.position));
    const second = await page(`?order=desc&limit=2&before=${first.nextCursor}`);
    expect(second.events[0]!.position).toBe(whole.at(-3)!.position);
    expect((await page(`?order=desc&before=${whole[0]!.position}`)).events).toEqual([]);
    const between = await page(`?after=${whole[1]!.position}&before=${whole[5]!.position}`);
    expect(between.events.map((event) => event.position)).toEqual(whole.slice(2, 5).map((event) => event.position));
  });

  it('waits for a write still open below the last position rather than paging past it', async () => {
    const open = new Client({ connectionString: app.database.url });
    await open.connect();
    try {
      await open.query('BEGIN');
      const { rows } = await open.query<{ position: number }>(
        `INSERT INTO events (stream_id, stream_version, type, data) VALUES ($1, 1, 'SlowWrite', '{}') RETURNING position::int`,
        [`slow-${randomUUID()}`],
      );
      const slow = rows[0]!.position;
      const item = (await post('/items', manager.token, { sku: sku(), name: 'Later', quantity: 1 })) as Created;
      const pending = page(`?after=${slow - 1}&limit=1000`);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await open.query('COMMIT');
      const { events } = await pending;
      expect(events[0]!.position).toBe(slow);
      expect(events.find((event) => event.streamId === `item-${item.id}`)!.position).toBeGreaterThan(slow);
    } finally {
      await open.end();
    }
  });

  it('never shows a password or a password hash, though users are events too', async () => {
    const password = `Unguessable-${randomUUID()}`;
    await post('/auth/register', manager.token, { username: `newbie-${randomUUID().slice(0, 6)}`, email: 'newbie@example.com', password });
    const { rows } = await db.query<{ password_hash: string }>('SELECT password_hash FROM user_credentials');
    expect(rows.length).toBeGreaterThanOrEqual(3);
    const answers = [
      (await get('/events?limit=1000', manager.token)).text,
      (await get('/events/export', manager.token, { accept: 'text/csv' })).text,
      (await get('/events/export', manager.token, { accept: 'application/x-ndjson' })).text,
    ];
    for (const text of answers) {
      expect(text).toContain('UserRegistered');
      expect(text).not.toContain(password);
      expect(text).not.toMatch(/\$2[aby]\$/);
      expect(text.toLowerCase()).not.toContain('password');
      for (const { password_hash } of rows) expect(text).not.toContain(password_hash);
    }
  });
});

describe('reversed movements', () => {
  it('names, on a movement that was reversed, the position of the event reversing it; the correction names what it reverses', async () => {
    const item = (await post('/items', manager.token, { sku: sku(), name: 'Typo', quantity: 10 })) as Created;
    const moved = (await post('/stock-movements', manager.token, { itemId: item.id, type: 'OUT', quantity: 7 })) as {
      movement: { id: string };
      position: number;
    };
    const kept = (await post('/stock-movements', manager.token, { itemId: item.id, type: 'OUT', quantity: 1 })) as { position: number };
    const correction = (await post(
      `/stock-movements/${moved.movement.id}/reverse`,
      manager.token,
      { reason: 'typed 7 for 1' },
      {
        'x-min-position': String(kept.position),
      },
    )) as { position: number };
    await vi.waitFor(async () => {
      const events = await walk({ streamId: `item-${item.id}`, type: 'StockMoved' });
      expect(events.map(({ position, reversedBy }) => [position, reversedBy])).toEqual([
        [moved.position, correction.position],
        [kept.position, null],
        [correction.position, null],
      ]);
      expect(events[2]?.data).toMatchObject({ reverses: moved.movement.id });
    });
  });
});

describe('bad filters', () => {
  const refused: [query: string, field: string][] = [
    ['from=yesterday', 'from'],
    ['from=2025-13-01T00:00:00Z', 'from'],
    ['from=2025-02-30T00:00:00Z', 'from'],
    ['from=2025-01-31T17:00:00', 'from'],
    ['from=2025-01-31', 'from'],
    ['to=2025-01-31T17:00:00Z&from=2025-02-01T00:00:00Z', 'to'],
    ['limit=0', 'limit'],
    ['limit=-1', 'limit'],
    ['limit=1001', 'limit'],
    ['limit=99999999999999999999', 'limit'],
    ['limit=ten', 'limit'],
    ['limit=', 'limit'],
    ['after=-1', 'after'],
    ['after=1.5', 'after'],
    ['after=abc', 'after'],
    ['after=', 'after'],
    ['after=99999999999999999', 'after'],
    ['type=not%20a%20type', 'type'],
    ['type=', 'type'],
    ["type=x'%3B%20DROP%20TABLE%20events", 'type'],
    ['type=StockMoved&type=ItemChanged', 'type'],
    ['streamId=', 'streamId'],
    [`streamId=${'x'.repeat(201)}`, 'streamId'],
    ['streamId=item-%00', 'streamId'],
    ['userId=', 'userId'],
    ['userId=%00', 'userId'],
    ['userId=a%0Ab', 'userId'],
    ['itemId=5', 'itemId'],
    ['after=1&itemId=5', 'itemId'],
  ];

  const refusedInPages: [query: string, field: string][] = [
    ['order=newest', 'order'],
    ['order=', 'order'],
    ['order=desc&order=asc', 'order'],
    ['before=0', 'before'],
    ['before=-3', 'before'],
    ['before=2.5', 'before'],
    ['before=abc', 'before'],
    ['before=', 'before'],
    ['order=desc&before=99999999999999999', 'before'],
  ];

  it.each(refusedInPages)('a page with ?%s is refused as problem+json naming %s', async (query, field) => {
    const answer = await get(`/events?${query}`, manager.token);
    expect(answer.status, answer.text).toBe(400);
    expect(answer.type).toContain('application/problem+json');
    expect((JSON.parse(answer.text) as ProblemDetails).errors?.map((error) => error.field)).toContain(field);
  });

  it('exports oldest first only: an order or a before is refused there', async () => {
    for (const query of ['order=desc', 'before=5']) {
      const answer = await get(`/events/export?${query}`, manager.token);
      expect(answer.status, answer.text).toBe(400);
      expect((JSON.parse(answer.text) as ProblemDetails).errors?.map((error) => error.field)).toContain(query.split('=')[0]);
    }
  });

  it.each(refused)('?%s is refused as problem+json naming %s', async (query, field) => {
    for (const path of ['/events', '/events/export']) {
      const answer = await get(`${path}?${query}`, manager.token);
      expect(answer.status, `${path}?${query}: ${answer.text}`).toBe(400);
      expect(answer.type).toContain('application/problem+json');
      const problem = JSON.parse(answer.text) as ProblemDetails;
      expect(problem).toMatchObject({ type: '/problems/validation', status: 400, title: match.any(String), detail: match.any(String) });
      expect(problem.errors?.map((error) => error.field)).toContain(field);
    }
  });

  it('refuses an export format it does not have', async () => {
    const answer = await get('/events/export?format=xml', manager.token);
    expect(answer.status).toBe(400);
    expect((JSON.parse(answer.text) as ProblemDetails).errors).toEqual([expect.objectContaining({ field: 'format' })]);
  });

  it('takes the same range given as to equal to from, and finds nothing in it', async () => {
    const at = '2025-01-31T17:00:00Z';
    expect((await page(`?from=${at}&to=${at}`)).events).toEqual([]);
  });
});

describe('access', () => {
  it.each(['/events', '/events/export', '/events/verify'])('%s is refused to staff with 403 problem+json', async (path) => {
    const answer = await get(path, staff.token);
    expect(answer.status).toBe(403);
    expect(answer.type).toContain('application/problem+json');
    expect(JSON.parse(answer.text)).toMatchObject({ type: '/problems/forbidden', status: 403 });
  });
});

describe('GET /api/events/export', () => {
  const fromCsv = (text: string): AuditEvent[] =>
    parse<Record<string, string>>(text, { columns: true }).map((row) => ({
      position: Number(row.position),
      eventId: row.eventId!,
      streamId: row.streamId!,
      streamVersion: Number(row.streamVersion),
      type: row.type!,
      data: JSON.parse(row.data!) as unknown,
      metadata: JSON.parse(row.metadata!) as EventMetadata,
      recordedAt: row.recordedAt!,
      hash: row.hash!,
      reversedBy: row.reversedBy === '' || row.reversedBy === undefined ? null : Number(row.reversedBy),
    }));
  const fromNdjson = (text: string): AuditEvent[] =>
    text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as AuditEvent);

  it('streams CSV that parses back to the same events, as a download', async () => {
    const answer = await get('/events/export', manager.token, { accept: 'text/csv' });
    expect(answer.status).toBe(200);
    expect(answer.type).toMatch(/^text\/csv/);
    const horizon = answer.headers.get('x-events-horizon');
    expect(answer.headers.get('content-disposition')).toBe(`attachment; filename="ims-events-to-${horizon}.csv"`);
    expect(answer.text.split('\n')[0]).toBe(
      'position,recordedAt,streamId,streamVersion,type,userId,username,correlationId,idempotencyKey,data,metadata,eventId,hash,reversedBy',
    );
    expect(fromCsv(answer.text)).toEqual(await walk({}));
  });

  it('gives spreadsheet columns who did it, with formula-like cells quoted', async () => {
    const rows = parse<Record<string, string>>((await get('/events/export?type=StockMoved', manager.token, { accept: 'text/csv' })).text, {
      columns: true,
    });
    const out = rows.find((row) => (JSON.parse(row.data!) as { type: string }).type === 'OUT')!;
    expect(out).toMatchObject({ userId: staff.user.id, username: staff.user.username, idempotencyKey: "'=1+1" });
    expect((JSON.parse(out.metadata!) as EventMetadata).idempotencyKey).toBe('=1+1');
  });

  it('streams NDJSON that parses back to the same events', async () => {
    const answer = await get('/events/export', manager.token, { accept: 'application/x-ndjson' });
    expect(answer.status).toBe(200);
    expect(answer.type).toMatch(/^application\/x-ndjson/);
    expect(answer.headers.get('content-disposition')).toMatch(/^attachment; filename="ims-events-to-\d+\.ndjson"$/);
    expect(fromNdjson(answer.text)).toEqual(await walk({}));
  });

  it('applies the filters, and `format` overrides the Accept header', async () => {
    const query = { type: 'StockMoved', userId: staff.user.id };
    const answer = await get(`/events/export?${new URLSearchParams({ ...query, format: 'ndjson' }).toString()}`, manager.token, {
      accept: 'text/csv',
    });
    expect(answer.type).toMatch(/^application\/x-ndjson/);
    const events = fromNdjson(answer.text);
    expect(events).toHaveLength(2);
    expect(events).toEqual(await walk(query));
  });

  it('answers CSV when the client takes anything', async () => {
    const answer = await get('/events/export', manager.token, { accept: '*/*' });
    expect(answer.type).toMatch(/^text\/csv/);
  });

  it('reads a log larger than one batch in full and in order', async () => {
    await db.query(
      `INSERT INTO events (stream_id, stream_version, type, data, metadata)
       SELECT 'bulk-' || (n % 3), n / 3 + 1, 'BulkTested', jsonb_build_object('n', n), jsonb_build_object('userId', 'bulk')
         FROM generate_series(0, 2499) AS n ORDER BY n`,
    );
    const expected = await positionsWhere('true');
    const csv = fromCsv((await get('/events/export', manager.token, { accept: 'text/csv' })).text);
    expect(csv.map((event) => event.position)).toEqual(expected);
    const ndjson = fromNdjson((await get('/events/export?type=BulkTested', manager.token, { accept: 'application/x-ndjson' })).text);
    expect(ndjson.map((event) => (event.data as { n: number }).n)).toEqual(Array.from({ length: 2500 }, (_, n) => n));
    expect(await walk({ type: 'BulkTested' }, 700)).toEqual(ndjson);
  });
});

describe('time ranges over a long log', () => {
  /** One event of its own stream written straight to the log with the given time, as a late or early transaction would record it. */
  const recordedAt = async (streamId: string, type: string, at: string) =>
    (
      await db.query<{ position: number }>(
        `INSERT INTO events (stream_id, stream_version, type, data, recorded_at) VALUES ($1, 1, $2, '{}', $3) RETURNING position::int`,
        [streamId, type, at],
      )
    ).rows[0]!.position;

  it('finds every event in a range that starts far ahead, including one recorded late at an early position', async () => {
    const straggler = await recordedAt('late-writer', 'LateRecorded', '2029-12-01T00:00:00Z');
    await db.query(
      `INSERT INTO events (stream_id, stream_version, type, data, recorded_at)
       SELECT 'timeline-' || (n % 4), n / 4 + 1, 'Ticked', jsonb_build_object('n', n), timestamptz '2029-01-01T00:00:00Z' + n * interval '1 minute'
         FROM generate_series(0, 11999) AS n ORDER BY n`,
    );
    const from = '2029-01-08T15:20:00Z';
    const expected = await positionsWhere('recorded_at >= $1::timestamptz', [from]);
    expect(expected[0]).toBe(straggler);
    expect(expected.length).toBe(1 + 12000 - 11000);
    expect((await walk({ from }, 300)).map((event) => event.position)).toEqual(expected);
    const to = '2029-01-09T00:00:00Z';
    const bounded = await walk({ from, to }, 300);
    expect(bounded.map((event) => event.position)).toEqual(
      await positionsWhere('recorded_at >= $1::timestamptz AND recorded_at < $2::timestamptz', [from, to]),
    );
    expect(bounded.map((event) => event.type)).not.toContain('LateRecorded');
    const exported = (await get(`/events/export?from=${from}&format=ndjson`, manager.token)).text.trim().split('\n');
    expect(exported.map((line) => (JSON.parse(line) as AuditEvent).position)).toEqual(expected);
    expect(await walk({ from: '2031-01-01T00:00:00Z' })).toEqual([]);
  });

  it('finds every event in a range that ends far below the newest, newest first, including one recorded early at a late position', async () => {
    const early = await recordedAt('early-writer', 'EarlyRecorded', '2028-12-31T23:00:00Z');
    const to = '2029-01-01T10:00:00Z';
    const expected = (await positionsWhere('recorded_at < $1::timestamptz', [to])).reverse();
    expect(expected[0]).toBe(early);
    const head = (await db.query<{ head: number }>('SELECT max(position)::int AS head FROM events')).rows[0]!.head;
    expect(head - expected[1]!).toBeGreaterThan(10_000);
    expect((await walk({ to }, 250, 'desc')).map((event) => event.position)).toEqual(expected);
    const from = '2029-01-01T08:00:00Z';
    const bounded = await walk({ from, to }, 50, 'desc');
    expect(bounded.map((event) => event.position)).toEqual(
      (await positionsWhere('recorded_at >= $1::timestamptz AND recorded_at < $2::timestamptz', [from, to])).reverse(),
    );
    expect(bounded).toHaveLength(120);
    expect(await walk({ to: '1999-01-01T00:00:00Z' }, 100, 'desc')).toEqual([]);
  });
});

describe('GET /api/events/verify', () => {
  const verify = async () => {
    const answer = await get('/events/verify', manager.token);
    expect(answer.status).toBe(200);
    return JSON.parse(answer.text) as ChainVerdict;
  };
  const eventCount = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM events')).rows[0]!.n;

  /** What an intruder with the database's superuser could do: the append-only triggers switched off for this session. */
  async function tamper(sql: string, params: unknown[]): Promise<void> {
    await db.query('SET session_replication_role = replica');
    try {
      await db.query(sql, params);
    } finally {
      await db.query('SET session_replication_role = DEFAULT');
    }
  }

  const headPosition = async () => (await db.query<{ max: number }>('SELECT max(position)::int AS max FROM events')).rows[0]!.max;

  it('finds a clean log intact, every event checked, and holding every event the app anchored', async () => {
    const moved = await app.app.get(ChainAnchorWriter).advance();
    expect(moved).toMatchObject({ moved: true, anchor: { position: await headPosition(), events: await eventCount() } });
    const head = { position: await headPosition(), events: await eventCount(), digest: match.stringMatching(/^[0-9a-f]{64}$/) };
    expect(await verify()).toEqual({
      ok: true,
      checked: await eventCount(),
      head,
      anchor: {
        file: join(anchorDir, 'chain-anchor.json'),
        anchored: { ...head, writtenAt: match.any(String) },
        missing: 0,
        intact: true,
        message: match.stringMatching(/^the log holds every event anchored/),
      },
    });
  });

  it('names the first altered event, and is intact again once the original is put back', async () => {
    const target = (await walk({ streamId: `item-${itemA}` }))[1]!;
    const original = (await db.query<{ data: unknown }>('SELECT data FROM events WHERE position = $1', [target.position])).rows[0]!.data;
    await tamper(`UPDATE events SET data = jsonb_set(data, '{quantity}', '500') WHERE position = $1`, [target.position]);
    const before = await positionsWhere('position < $1', [target.position]);
    expect(await verify()).toMatchObject({ ok: false, checked: before.length + 1, firstBadPosition: target.position });
    await tamper('UPDATE events SET data = $2 WHERE position = $1', [target.position, original]);
    expect((await verify()).ok).toBe(true);
  });

  it('fails when the last event was deleted, saying what the anchor records and how many events are missing', async () => {
    const writer = app.app.get(ChainAnchorWriter);
    await post('/stock-movements', staff.token, { itemId: itemB, type: 'IN', quantity: 1 });
    await writer.advance();
    const head = await headPosition();
    await tamper('DELETE FROM events WHERE position = $1', [head]);
    const verdict = await verify();
    expect(verdict).toMatchObject({ ok: false, anchor: { intact: false, missing: 1, anchored: { position: head } } });
    expect(verdict.anchor?.message).toMatch(
      new RegExp(`^the log ends at position \\d+ but the anchor records position ${head} with digest [0-9a-f]{64} .*: 1 event is missing$`),
    );
    expect(await writer.advance()).toMatchObject({ moved: false, refused: match.stringContaining(`up to position ${head}`) });
  });

  it('names the event that lost its predecessor when one is deleted', async () => {
    const [, second, third] = await walk({ streamId: `item-${itemA}` });
    await tamper('DELETE FROM events WHERE position = $1', [second!.position]);
    expect(await verify()).toMatchObject({ ok: false, firstBadPosition: third!.position });
  });
});
