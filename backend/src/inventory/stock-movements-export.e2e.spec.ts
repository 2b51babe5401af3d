import { parse } from 'csv-parse/sync';
import { randomUUID } from 'node:crypto';
import { authHeader, seededManager, tokenFor, type SignedIn } from '../../../test/auth-helpers';
import { startTestApp, type TestApp } from '../../../test/test-app';
import type { Positioned } from '../event-store/positioned';
import type { MovementResult } from './commands/answers';
import { MAIN_LOCATION_ID } from './domain/item-events';
import type { StockMovementList } from './queries/impl/list-stock-movements.query';
import type { ItemView } from './queries/impl/views';

let app: TestApp;
let manager: SignedIn;
let staff: SignedIn;
let lastWrite = 0;

beforeAll(async () => {
  app = await startTestApp();
  manager = await seededManager(app);
  staff = await tokenFor(app, 'staff');
});

afterAll(async () => {
  await app.close();
});

/** Waits, through `X-Min-Position`, for the read models to hold every write this file made. */
const get = (path: string, token: string | null = staff.token) =>
  fetch(`${app.baseUrl}/api${path}`, { headers: { ...(token ? authHeader(token) : {}), 'x-min-position': String(lastWrite) } });

/** The movements as the list shows them: the read model's times, to the millisecond. */
const listed = async (itemId: string) => ((await (await get(`/stock-movements?itemId=${itemId}`)).json()) as StockMovementList).movements;

async function post<T extends { position: number }>(path: string, token: string, body: unknown): Promise<T> {
  const response = await fetch(`${app.baseUrl}/api${path}`, {
    method: 'POST',
    headers: { ...authHeader(token), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(201);
  const answer = (await response.json()) as T;
  lastWrite = Math.max(lastWrite, answer.position);
  return answer;
}

const newItem = (name = 'Widget') =>
  post<Positioned<ItemView>>('/items', manager.token, { sku: `X-${randomUUID().slice(0, 8)}`, name, quantity: 100 });

const move = (itemId: string, type: string, quantity: number, extra: { reason?: string; note?: string } = {}, token = staff.token) =>
  post<Positioned<MovementResult>>('/stock-movements', token, { itemId, type, quantity, ...extra });

const COLUMNS = [
  'time',
  'type',
  'sku',
  'item',
  'quantity',
  'quantityBefore',
  'quantityAfter',
  'user',
  'reason',
  'note',
  'itemId',
  'movementId',
  'position',
  'location',
  'reverses',
  'reversedBy',
] as const;
type CsvRow = Record<(typeof COLUMNS)[number], string>;

async function exportCsv(query: string): Promise<{ response: Response; rows: CsvRow[] }> {
  const response = await get(`/stock-movements/export${query}`);
  const text = await response.text();
  return { response, rows: response.ok ? parse<CsvRow>(text, { columns: true }) : [] };
}

describe('GET /api/stock-movements/export', () => {
  it('downloads every movement of the filters as CSV, newest first, named by item', async () => {
    const item = await newItem('Hex bolt');
    const other = await newItem();
    const first = await move(item.id, 'IN', 5, { reason: 'Delivery' });
    await move(other.id, 'IN', 7);
    await move(item.id, 'OUT', 2, { reason: 'Issued', note: 'bench 4' });
    const second = await move(item.id, 'IN', 3);

    const { response, rows } = await exportCsv(`?itemId=${item.id}&type=IN`);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="ims-stock-movements-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(rows.map((row) => row.movementId)).toEqual([second.movement.id, first.movement.id]);
    expect(rows[1]).toEqual({
      time: (await listed(item.id)).at(-1)?.at,
      type: 'IN',
      sku: item.sku,
      item: 'Hex bolt',
      quantity: '5',
      quantityBefore: '100',
      quantityAfter: '105',
      user: staff.user.username,
      reason: 'Delivery',
      note: '',
      itemId: item.id,
      movementId: first.movement.id,
      position: String(first.position),
      location: MAIN_LOCATION_ID,
      reverses: '',
      reversedBy: '',
    });
  });

  it('writes the header row even when nothing matches', async () => {
    const response = await get(`/stock-movements/export?itemId=${randomUUID()}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(`${COLUMNS.join(',')}
`);
  });

  it('filters by user and time range', async () => {
    const item = await newItem();
    await move(item.id, 'IN', 1);
    const mine = await move(item.id, 'IN', 2, {}, manager.token);
    const at = (await listed(item.id))[0]!.at;
    const later = new Date(Date.parse(at) + 1).toISOString();

    const byUser = await exportCsv(`?itemId=${item.id}&userId=${manager.user.id}`);
    expect(byUser.rows.map((row) => row.movementId)).toEqual([mine.movement.id]);
    const inRange = await exportCsv(`?itemId=${item.id}&from=${encodeURIComponent(at)}&to=${encodeURIComponent(later)}`);
    expect(inRange.rows.map((row) => row.movementId)).toEqual([mine.movement.id]);
  });

  it('escapes cells a spreadsheet would run as formulas, and keeps a negative count a number', async () => {
    const item = await newItem('=HYPERLINK("http://evil.example","x")');
    await move(item.id, 'OUT', 1, { reason: '+1 sold', note: '@SUM(A1:A9)' });
    await move(item.id, 'IN', 1, { reason: '-2 returned', note: '\tcounted' });
    await move(item.id, 'ADJUST', 90, { reason: 'Stocktake', note: 'recount' });

    const { rows } = await exportCsv(`?itemId=${item.id}`);

    expect(rows.map((row) => [row.item, row.quantity, row.reason, row.note])).toEqual([
      [`'=HYPERLINK("http://evil.example","x")`, '-10', 'Stocktake', 'recount'],
      [`'=HYPERLINK("http://evil.example","x")`, '1', "'-2 returned", "'\tcounted"],
      [`'=HYPERLINK("http://evil.example","x")`, '1', "'+1 sold", "'@SUM(A1:A9)"],
    ]);
  });

  it.each([
    ['?type=SELL', 'type'],
    ['?from=2025-13-01', 'from'],
    ['?to=yesterday', 'to'],
    ['?itemId=abc', 'itemId'],
  ])('refuses %s with a validation problem naming %s', async (query, field) => {
    const response = await get(`/stock-movements/export${query}`);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await response.json()) as { type: string; errors: { field: string }[] };
    expect(problem.type).toBe('/problems/validation');
    expect(problem.errors.map((error) => error.field)).toContain(field);
  });

  it('is open to staff and managers, not to anonymous callers', async () => {
    expect((await get('/stock-movements/export', manager.token)).status).toBe(200);
    expect((await get('/stock-movements/export', staff.token)).status).toBe(200);
    const anonymous = await get('/stock-movements/export', null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
  });
});

describe('GET /api/stock-movements', () => {
  it("names each movement's item by its current SKU and name", async () => {
    const item = await newItem('Washer');
    await move(item.id, 'IN', 4);
    const renamed = await fetch(`${app.baseUrl}/api/items/${item.id}`, {
      method: 'PATCH',
      headers: { ...authHeader(manager.token), 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Washer M8' }),
    });
    lastWrite = Math.max(lastWrite, ((await renamed.json()) as { position: number }).position);

    expect((await listed(item.id)).map((movement) => movement.item)).toEqual([{ sku: item.sku, name: 'Washer M8' }]);
  });
});
