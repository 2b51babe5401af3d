import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { seededManager, tokenFor } from '../../../test/auth-helpers';
import { callJson, type JsonCall } from '../../../test/json-api';
import { startTestApp, type TestApp } from '../../../test/test-app';
import type { ProblemDetails } from '../common/problem/problem';
import type { Positioned } from '../event-store/positioned';
import { replayProjections } from '../projections/rebuild/replay';
import { verifyReadModels } from '../projections/verify/verify-read-models';
import type { ItemList } from './queries/impl';
import type { ItemDetailView, ItemView } from './queries/impl/views';
import { itemsProjection } from './read-models/items/items.projection';

let app: TestApp;
let pool: Pool;
let manager: string;
let staff: string;

beforeAll(async () => {
  app = await startTestApp();
  pool = new Pool({ connectionString: app.database.url, max: 3 });
  manager = (await seededManager(app)).token;
  staff = (await tokenFor(app, 'staff')).token;
});

afterAll(async () => {
  await pool.end();
  await app.close();
});

const call = <Body = unknown>(method: string, path: string, options: JsonCall = {}) =>
  callJson<Body>(`${app.baseUrl}/api${path}`, method, options);

/** Reads after `position` (docs/API.md, "Read your writes"). */
const after = (position: number) => ({ 'x-min-position': String(position) });

const unique = () => randomUUID().slice(0, 8);
const itemEvents = async () =>
  (await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM events WHERE stream_id LIKE 'item-%'")).rows[0]!.n;

/** A valid EAN-13 no other test uses: 12 random digits and their check digit. */
function ean13(): string {
  const digits = Array.from({ length: 12 }, () => Math.floor(Math.random() * 10));
  const sum = digits.reduce((total, digit, index) => total + digit * (index % 2 === 0 ? 1 : 3), 0);
  return `${digits.join('')}${(10 - (sum % 10)) % 10}`;
}

async function create(body: Record<string, unknown>): Promise<Positioned<ItemView>> {
  const answer = await call<Positioned<ItemView>>('POST', '/items', {
    token: manager,
    body: { sku: `BC-${unique()}`, name: 'Widget', ...body },
  });
  expect(answer.status).toBe(201);
  return answer.body;
}

function expectBarcodeProblem(answer: { status: number; type: string | null; body: unknown }, status: number, type: string): void {
  expect(answer.status).toBe(status);
  expect(answer.type).toContain('application/problem+json');
  const problem = answer.body as ProblemDetails;
  expect(problem.type).toBe(`/problems/${type}`);
  expect(problem.errors?.map(({ field }) => field)).toEqual(['barcode']);
}

describe('item barcodes', () => {
  it('keeps a barcode given on create in the answer, the item and the list, and a missing one as null', async () => {
    const barcode = ean13();
    const item = await create({ barcode });
    expect(item.barcode).toBe(barcode);
    const read = await call<ItemDetailView>('GET', `/items/${item.id}`, { token: staff, headers: after(item.position) });
    expect(read.body.barcode).toBe(barcode);
    const listed = await call<ItemList>('GET', `/items?search=${item.sku}`, { token: staff, headers: after(item.position) });
    expect(listed.body.items.map((found) => found.barcode)).toEqual([barcode]);
    expect((await create({})).barcode).toBeNull();
  });

  it('refuses an EAN-13 with a wrong check digit with a problem naming the field, writing nothing', async () => {
    const valid = ean13();
    const wrong = `${valid.slice(0, -1)}${(Number(valid.at(-1)) + 1) % 10}`;
    const before = await itemEvents();
    const answer = await call('POST', '/items', { token: manager, body: { sku: `BC-${unique()}`, name: 'Widget', barcode: wrong } });
    expectBarcodeProblem(answer, 400, 'validation');
    expect((answer.body as ProblemDetails).detail).toContain('EAN-13');
    expectBarcodeProblem(
      await call('POST', '/items', { token: manager, body: { sku: `BC-${unique()}`, name: 'W', barcode: 'caf\u00e9' } }),
      400,
      'validation',
    );
    const item = await create({});
    expectBarcodeProblem(await call('PATCH', `/items/${item.id}`, { token: manager, body: { barcode: wrong } }), 400, 'validation');
    expect(await itemEvents()).toBe(before + 1);
  });

  it('gives a barcode to one item of two created with it at the same moment; the other is refused 409', async () => {
    const barcode = `RACE-${unique()}`;
    const answers = await Promise.all(
      [0, 1].map(() => call('POST', '/items', { token: manager, body: { sku: `BC-${unique()}`, name: 'Racer', barcode } })),
    );
    expect(answers.map(({ status }) => status).sort()).toEqual([201, 409]);
    expectBarcodeProblem(
      answers.find(({ status }) => status === 409)!,
      409,
      'conflict',
    );
    const holders = await pool.query("SELECT stream_id FROM reservations WHERE kind = 'barcode' AND value = $1", [barcode]);
    expect(holders.rowCount).toBe(1);
  });

  it("refuses another item's barcode on PATCH, and frees a barcode changed or cleared for another item", async () => {
    const [first, second] = [ean13(), ean13()];
    const holder = await create({ barcode: first });
    const other = await create({});
    expectBarcodeProblem(await call('PATCH', `/items/${other.id}`, { token: manager, body: { barcode: first } }), 409, 'conflict');

    const changed = await call<Positioned<ItemView>>('PATCH', `/items/${holder.id}`, { token: manager, body: { barcode: second } });
    expect(changed.body.barcode).toBe(second);
    const taken = await call<Positioned<ItemView>>('PATCH', `/items/${other.id}`, { token: manager, body: { barcode: first } });
    expect(taken.status).toBe(200);
    expect(taken.body.barcode).toBe(first);

    const cleared = await call<Positioned<ItemView>>('PATCH', `/items/${holder.id}`, { token: manager, body: { barcode: null } });
    expect(cleared.body.barcode).toBeNull();
    expect((await create({ barcode: second })).barcode).toBe(second);
  });

  it('keeps the barcode of an archived item taken', async () => {
    const barcode = ean13();
    const item = await create({ barcode });
    expect((await call('DELETE', `/items/${item.id}`, { token: manager })).status).toBe(200);
    expectBarcodeProblem(
      await call('POST', '/items', { token: manager, body: { sku: `BC-${unique()}`, name: 'W', barcode } }),
      409,
      'conflict',
    );
  });

  it('finds items by barcode in the search', async () => {
    const barcode = `SRCH-${unique()}`;
    const item = await create({ barcode });
    const listed = await call<ItemList>('GET', `/items?search=${barcode.slice(2)}`, { token: staff, headers: after(item.position) });
    expect(listed.body.items.map(({ id }) => id)).toEqual([item.id]);
  });
});

describe('GET /api/items/by-code/:code', () => {
  it('finds an item by its exact barcode, and by its SKU in any case', async () => {
    const barcode = `Box/${unique()} a`;
    const item = await create({ sku: `Sku-${unique()}`, barcode });
    const byBarcode = await call<ItemDetailView>('GET', `/items/by-code/${encodeURIComponent(barcode)}`, {
      token: staff,
      headers: after(item.position),
    });
    expect(byBarcode.status).toBe(200);
    expect(byBarcode.body).toMatchObject({ id: item.id, sku: item.sku, barcode, locations: [] });
    const bySku = await call<ItemDetailView>('GET', `/items/by-code/${item.sku.toLowerCase()}`, { token: staff });
    expect(bySku.body.id).toBe(item.id);
    expect((await call('GET', `/items/by-code/${encodeURIComponent(barcode.toUpperCase())}`, { token: staff })).status).toBe(404);
  });

  it('prefers the item with the barcode over another whose SKU reads the same', async () => {
    const code = `DUAL-${unique()}`;
    await create({ sku: code });
    const coded = await create({ barcode: code });
    const found = await call<ItemDetailView>('GET', `/items/by-code/${code}`, { token: staff, headers: after(coded.position) });
    expect(found.body.id).toBe(coded.id);
  });

  it.each([
    ['no item has', `NOPE-${unique()}`],
    ['longer than any barcode or SKU', 'x'.repeat(300)],
    ['as long as a QR code holds', `https://example.com/${'q'.repeat(1500)}`],
  ])('answers 404 problem+json for a code %s', async (_, code) => {
    const answer = await call('GET', `/items/by-code/${encodeURIComponent(code)}`, { token: staff });
    expect(answer.status).toBe(404);
    expect(answer.type).toContain('application/problem+json');
    expect((answer.body as ProblemDetails).type).toBe('/problems/not-found');
  });

  it('answers 414 problem+json for a path segment longer than any code', async () => {
    const answer = await call('GET', `/items/by-code/${'x'.repeat(3000)}`, { token: staff });
    expect(answer.status).toBe(414);
    expect(answer.type).toContain('application/problem+json');
    expect((answer.body as ProblemDetails).type).toBe('/problems/uri-too-long');
  });
});

describe('the items read model', () => {
  it('rebuilds every barcode by a replay, and verifies against the events before and after', async () => {
    const barcode = ean13();
    const item = await create({ barcode });
    const changed = await call<Positioned<ItemView>>('PATCH', `/items/${item.id}`, { token: manager, body: { barcode: `RE-${unique()}` } });
    await call('GET', `/items/${item.id}`, { token: staff, headers: after(changed.body.position) });
    expect((await verifyReadModels(pool, [itemsProjection])).differences).toEqual([]);

    await pool.query('UPDATE read_items SET barcode = NULL WHERE id = $1', [item.id]);
    expect((await verifyReadModels(pool, [itemsProjection])).differences).toEqual([
      expect.objectContaining({ key: item.id, field: 'barcode', model: null, expected: changed.body.barcode }),
    ]);
    await replayProjections(pool, [itemsProjection]);
    const rebuilt = await pool.query<{ barcode: string | null }>('SELECT barcode FROM read_items WHERE id = $1', [item.id]);
    expect(rebuilt.rows[0]!.barcode).toBe(changed.body.barcode);
    expect((await verifyReadModels(pool, [itemsProjection])).differences).toEqual([]);
  });
});
