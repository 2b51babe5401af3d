import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { authHeader } from '../../../test/auth-helpers';
import { callJson, type JsonAnswer, type JsonCall } from '../../../test/json-api';
import { match } from '../../../test/matchers';
import { apiSuite, writtenEvents } from '../../../test/api-suite';
import type { TestApp } from '../../../test/test-app';
import type { ProblemKind } from '../common/problem/problem';
import type { Positioned } from '../event-store/positioned';
import type { ItemDetailView, ItemView } from '../inventory/queries/impl/views';
import type { AppliedImport, ImportPreview } from './imports.service';
import { zipFile } from './testing/zip-file';

const MAX_ROWS = 300;
const MAX_UNPACKED = 8 * 1024 * 1024;

let app: TestApp;
let db: Client;
let manager: string;
let staff: string;

apiSuite((suite) => ({ app, db, manager, staff } = suite), {
  IMS_IMPORT_MAX_ROWS: String(MAX_ROWS),
  IMS_IMPORT_MAX_UNPACKED_BYTES: String(MAX_UNPACKED),
});

const call = <Body = unknown>(method: string, path: string, options: JsonCall = {}) =>
  callJson<Body>(`${app.baseUrl}/api${path}`, method, { ...options, token: options.token ?? manager });

const importCount = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM imports')).rows[0]!.n;

function expectProblem(answer: JsonAnswer, status: number, type: ProblemKind): { detail: string } {
  expect(answer.status).toBe(status);
  expect(answer.type).toContain('application/problem+json');
  expect(answer.body).toMatchObject({ type: `/problems/${type}`, status });
  return answer.body as { detail: string };
}

/** The 409 of an import that no longer applies as previewed, naming exactly these rows. */
function expectStale(answer: JsonAnswer, rows: unknown[]): { detail: string } {
  const body = expectProblem(answer, 409, 'import-stale');
  expect(answer.body).toMatchObject({ rows });
  expect((answer.body as { rows: unknown[] }).rows).toHaveLength(rows.length);
  return body;
}

const uniqueSku = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`.toUpperCase();

function upload(
  file: Buffer | string,
  kind: 'items' | 'movements' = 'items',
  name = 'items.csv',
  token = manager,
  /** Read your writes: the preview resolves locations from their read model, as a client after creating one sends it. */
  minPosition?: number,
): Promise<JsonAnswer<ImportPreview>> {
  const form = new FormData();
  form.append('kind', kind);
  form.append('file', new Blob([typeof file === 'string' ? Buffer.from(file, 'utf8') : file]), name);
  const headers: Record<string, string> = minPosition === undefined ? {} : { 'X-Min-Position': String(minPosition) };
  return callJson<ImportPreview>(`${app.baseUrl}/api/imports`, 'POST', { token, headers, form });
}

const apply = (id: string) => call<AppliedImport>('POST', `/imports/${id}/apply`);

async function newItem(body: Record<string, unknown>): Promise<Positioned<ItemView>> {
  const answer = await call<Positioned<ItemView>>('POST', '/items', { body: { name: 'Widget', ...body } });
  expect(answer.status).toBe(201);
  return answer.body;
}

const item = async (id: string) =>
  (await call<ItemDetailView>('GET', `/items/${id}`, { headers: { 'X-Min-Position': String(await headPosition()) } })).body;

async function headPosition(): Promise<number> {
  return Number((await db.query<{ head: string }>('SELECT coalesce(max(position), 0)::text AS head FROM events')).rows[0]!.head);
}

/** Every item's row in the export, by SKU. */
async function exported(format: 'csv' | 'xlsx'): Promise<Buffer> {
  const response = await fetch(`${app.baseUrl}/api/items/export?format=${format}`, {
    headers: { ...authHeader(staff), 'X-Min-Position': String(await headPosition()) },
  });
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

async function xlsxOf(rows: unknown[][], edit?: (sheet: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('one');
  sheet.addRows(rows);
  edit?.(sheet);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const actions = (preview: ImportPreview) => preview.rows.map((row) => row.action);

describe('importing items', () => {
  it('previews each row without writing, then applies every row in one transaction, and applying again writes nothing', async () => {
    const existing = await newItem({ sku: uniqueSku('IMP'), name: 'Old name', price: 1.5 });
    const unchanged = await newItem({ sku: uniqueSku('IMP'), name: 'Same', price: 2 });
    const fresh = uniqueSku('NEW');
    const before = await writtenEvents(db);
    const file = [
      'sku,name,price,quantity',
      `${existing.sku},New name,1.50,`,
      `${unchanged.sku},Same,2.00,`,
      `${fresh},Brand new,3.25,7`,
      `BAD SKU!,Nope,abc,-1`,
    ].join('\n');
    const preview = await upload(file);
    expect(preview.status).toBe(201);
    expect(preview.body.rows).toEqual([
      { row: 2, action: 'update', errors: [] },
      { row: 3, action: 'unchanged', errors: [] },
      { row: 4, action: 'create', errors: [] },
      {
        row: 5,
        action: 'error',
        errors: [
          { field: 'sku', message: match.stringContaining('letters, digits') },
          { field: 'price', message: match.stringContaining('price') },
          { field: 'quantity', message: match.stringContaining('whole number') },
        ],
      },
    ]);
    expect(preview.body.summary).toMatchObject({ rows: 4, create: 1, update: 1, unchanged: 1, error: 1, events: 2 });
    expect(await writtenEvents(db)).toBe(before);
    expectProblem(await apply(preview.body.id), 409, 'conflict');
    expect(await writtenEvents(db)).toBe(before);

    const fixed = await upload(file.split('\n').slice(0, 4).join('\n'));
    const applied = await apply(fixed.body.id);
    expect(applied.status).toBe(200);
    expect(applied.body).toMatchObject({ id: fixed.body.id, events: 2 });
    expect(Number(applied.headers.get('x-position'))).toBe(applied.body.position);
    expect(await writtenEvents(db)).toBe(before + 2);
    const transactions = await db.query('SELECT DISTINCT transaction_id FROM events WHERE position > $1', [before]);
    expect(transactions.rows).toHaveLength(1);
    expect((await item(existing.id)).name).toBe('New name');

    const again = await apply(fixed.body.id);
    expect(again.body).toEqual(applied.body);
    expect(await writtenEvents(db)).toBe(before + 2);
    const list = await call<{ items: ItemView[] }>('GET', `/items?search=${fresh}`, {
      headers: { 'X-Min-Position': String(applied.body.position) },
    });
    expect(list.body.items.map(({ sku, name, quantity, price }) => ({ sku, name, quantity, price }))).toEqual([
      { sku: fresh, name: 'Brand new', quantity: 7, price: 3.25 },
    ]);
  });

  it('writes nothing at all when an item at the end of the file changed since the preview, and asks for a new preview', async () => {
    const last = await newItem({ sku: uniqueSku('STALE') });
    const news = [uniqueSku('A'), uniqueSku('B'), uniqueSku('C')];
    const preview = await upload(['sku,name', ...news.map((sku) => `${sku},New`), `${last.sku},Renamed`].join('\n'));
    expect(actions(preview.body)).toEqual(['create', 'create', 'create', 'update']);
    const changed = await call('PATCH', `/items/${last.id}`, { body: { name: 'Changed meanwhile' } });
    expect(changed.status).toBe(200);
    const before = await writtenEvents(db);
    const refused = expectStale(await apply(preview.body.id), [
      { row: 5, field: 'sku', message: match.stringContaining('item was changed') },
    ]);
    expect(refused.detail).toContain('row 5: the item was changed');
    expect(refused.detail).toContain('new preview');
    expect(await writtenEvents(db)).toBe(before);
    const taken = await db.query('SELECT value FROM reservations WHERE value = ANY($1)', [news]);
    expect(taken.rows).toEqual([]);
    expect((await item(last.id)).name).toBe('Changed meanwhile');
  });

  it('writes nothing when a SKU the file creates was taken since the preview', async () => {
    const [first, second] = [uniqueSku('FIRST'), uniqueSku('TAKEN')];
    const preview = await upload(`sku,name\n${first},One\n${second},Two\n`);
    await newItem({ sku: second });
    const before = await writtenEvents(db);
    expectStale(await apply(preview.body.id), [{ row: 3, field: 'sku', message: `${second} was taken by another item` }]);
    expect(await writtenEvents(db)).toBe(before);
    expect((await db.query('SELECT 1 FROM reservations WHERE value = $1', [first])).rows).toEqual([]);
  });

  it('refuses, naming the row, an item archived since the preview, and writes nothing', async () => {
    const archived = await newItem({ sku: uniqueSku('ARCH') });
    const fresh = uniqueSku('NEXT');
    const preview = await upload(`sku,name\n${fresh},Fresh\n${archived.sku},Renamed\n`);
    expect(actions(preview.body)).toEqual(['create', 'update']);
    expect((await call('DELETE', `/items/${archived.id}`, { body: {} })).status).toBe(200);
    const before = await writtenEvents(db);
    expectStale(await apply(preview.body.id), [{ row: 3, field: 'sku', message: match.stringContaining('archived') }]);
    expect(await writtenEvents(db)).toBe(before);
    expect((await db.query('SELECT 1 FROM reservations WHERE value = $1', [fresh])).rows).toEqual([]);
  });

  it('refuses a barcode another item took since the preview, naming its row and column', async () => {
    const barcode = `BC-${randomUUID().slice(0, 8)}`;
    const preview = await upload(`sku,name,barcode\n${uniqueSku('BAR')},Other,\n${uniqueSku('BAR')},Scanned,${barcode}\n`);
    expect(actions(preview.body)).toEqual(['create', 'create']);
    await newItem({ sku: uniqueSku('CLAIM'), barcode });
    const before = await writtenEvents(db);
    const refused = expectStale(await apply(preview.body.id), [
      { row: 3, field: 'barcode', message: `${barcode} was taken by another item` },
    ]);
    expect(refused.detail).not.toContain('SKU');
    expect(await writtenEvents(db)).toBe(before);
  });

  it('refuses stock at a location archived since the preview, for items and movements files, and writes nothing', async () => {
    const code = `AR-${randomUUID().slice(0, 6)}`.toUpperCase();
    const location = await call<{ id: string }>('POST', '/locations', { body: { code, name: 'Soon gone' } });
    const bolt = await newItem({ sku: uniqueSku('LOC'), quantity: 5 });
    const items = await upload(
      `sku,name,quantity:${code}\n${uniqueSku('LOC')},Elsewhere,\n${uniqueSku('LOC')},There,3\n`,
      'items',
      'items.csv',
      manager,
      bolt.position,
    );
    const movements = await upload(
      `sku,location,type,quantity\n${bolt.sku},,OUT,1\n${bolt.sku},${code.toLowerCase()},IN,2\n`,
      'movements',
      'movements.csv',
      manager,
      bolt.position,
    );
    expect([actions(items.body), actions(movements.body)]).toEqual([
      ['create', 'create'],
      ['create', 'create'],
    ]);
    expect((await call('DELETE', `/locations/${location.body.id}`)).status).toBe(200);
    const before = await writtenEvents(db);
    const message = `the location ${code} was archived`;
    expect(expectStale(await apply(items.body.id), [{ row: 3, field: 'row', message }]).detail).toContain(`row 3: ${message}`);
    expectStale(await apply(movements.body.id), [
      { row: 2, field: 'row', message },
      { row: 3, field: 'row', message },
    ]);
    expect(await writtenEvents(db)).toBe(before);
    expect((await item(bolt.id)).quantity).toBe(5);
  });

  it("leaves nothing when the apply's connection is killed halfway through its transaction, and a retry writes it once", async () => {
    const news = Array.from({ length: 200 }, (_, index) => `${uniqueSku('KILL')}-${index}`);
    const preview = await upload(['sku,name', ...news.map((sku) => `${sku},Killed`)].join('\n'));
    const before = await writtenEvents(db);
    // Hold the events table so that the apply's transaction stops after claiming its key and SKUs, then kill it there.
    const holder = new Client({ connectionString: app.database.url });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE events IN SHARE MODE');
    const applying = apply(preview.body.id);
    let waiting: number | undefined;
    while (waiting === undefined) {
      const { rows } = await db.query<{ pid: number }>(
        "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE '%INSERT INTO events%'",
      );
      waiting = rows[0]?.pid;
      if (waiting === undefined) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await db.query('SELECT pg_terminate_backend($1)', [waiting]);
    await holder.query('ROLLBACK');
    await holder.end();
    expect((await applying).status).not.toBe(200);
    expect(await writtenEvents(db)).toBe(before);
    expect((await db.query('SELECT 1 FROM reservations WHERE value = ANY($1)', [news])).rows).toEqual([]);
    expect((await db.query('SELECT 1 FROM idempotency_keys WHERE key = $1', [`import-${preview.body.id}`])).rows).toEqual([]);
    const retried = await apply(preview.body.id);
    expect(retried.status).toBe(200);
    expect((await apply(preview.body.id)).body).toEqual(retried.body);
    expect((await writtenEvents(db)) - before).toBe(200);
  });
});

describe('keeping imports', () => {
  const planOf = async (id: string) =>
    (await db.query<{ plan: unknown; rows: unknown }>('SELECT plan, rows FROM imports WHERE id = $1', [id])).rows[0];

  it("drops an applied import's plan at once, and still answers applying it again", async () => {
    const preview = await upload(`sku,name\n${uniqueSku('KEEP')},Kept\n`);
    expect((await planOf(preview.body.id))?.plan).not.toBeNull();
    const applied = await apply(preview.body.id);
    expect(await planOf(preview.body.id)).toEqual({ plan: null, rows: null });
    await db.query("UPDATE imports SET created_at = now() - interval '30 days' WHERE id = $1", [preview.body.id]);
    const again = await apply(preview.body.id);
    expect([again.status, again.body]).toEqual([200, applied.body]);
  });

  it('refuses a preview older than its time with 410, writes nothing, and drops its plan with the next upload', async () => {
    const sku = uniqueSku('OLD');
    const old = await upload(`sku,name\n${sku},Too late\n`);
    const recent = await upload(`sku,name\n${uniqueSku('RECENT')},In time\n`);
    await db.query("UPDATE imports SET created_at = now() - interval '24 hours 1 minute' WHERE id = $1", [old.body.id]);
    const before = await writtenEvents(db);
    expect(expectProblem(await apply(old.body.id), 410, 'import-expired').detail).toContain('upload the file again');
    expect(await writtenEvents(db)).toBe(before);
    expect((await planOf(old.body.id))?.plan).not.toBeNull();

    await upload(`sku,name\n${uniqueSku('NEXT')},Next\n`);
    expect(await planOf(old.body.id)).toEqual({ plan: null, rows: null });
    expect((await planOf(recent.body.id))?.plan).not.toBeNull();
    expectProblem(await apply(old.body.id), 410, 'import-expired');
    expect((await db.query('SELECT summary FROM imports WHERE id = $1', [old.body.id])).rows[0]).toMatchObject({ summary: { create: 1 } });
    expect((await apply(recent.body.id)).status).toBe(200);
    expectProblem(await apply(randomUUID()), 404, 'not-found');
  });
});

describe('hostile files', () => {
  it.each([
    ['a UTF-8 byte-order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('sku,name\nSKU,Café\n')]), 'Café'],
    ['Windows-1252 bytes', Buffer.from('sku,name\nSKU,Caf\xe9 cr\xe8me\n', 'latin1'), 'Café crème'],
    ['semicolons between cells', Buffer.from('sku;name;price\nSKU;Crème;12,5\n'), 'Crème'],
  ])('reads a CSV with %s', async (_, bytes, name) => {
    const sku = uniqueSku('ENC');
    const preview = await upload(Buffer.from(bytes.toString('latin1').replace('SKU', sku), 'latin1'));
    expect(preview.status).toBe(201);
    expect(preview.body.rows).toEqual([{ row: 2, action: 'create', errors: [] }]);
    const applied = await apply(preview.body.id);
    const list = await call<{ items: ItemView[] }>('GET', `/items?search=${sku}`, {
      headers: { 'X-Min-Position': String(applied.body.position) },
    });
    expect(list.body.items[0]?.name).toBe(name);
  });

  it('refuses a file without a SKU column as a whole, and a new item without a name row by row', async () => {
    const before = [await writtenEvents(db), await importCount()];
    expect(expectProblem(await upload('name,price\nBolt,1\n'), 400, 'validation').detail).toContain('"sku" column');
    const preview = await upload(`sku,price,colour\n${uniqueSku('NONAME')},1,red\n`);
    expect(preview.body.rows[0]).toMatchObject({
      action: 'error',
      errors: [{ field: 'name', message: match.stringContaining('no "name" column') }],
    });
    expect(preview.body.summary.warnings).toEqual(['the column "colour" is not imported']);
    expect(await writtenEvents(db)).toBe(before[0]);
  });

  it('refuses cells past the header, every row of a SKU given twice, and matches an existing SKU regardless of case and spaces', async () => {
    const existing = await newItem({ sku: uniqueSku('CASE'), name: 'Cased' });
    const twice = uniqueSku('TWICE');
    const preview = await upload(
      [
        `sku,name`,
        `  ${existing.sku.toLowerCase()} ,Cased`,
        `${twice},One`,
        ` ${twice.toLowerCase()}\t,Two`,
        `${uniqueSku('X')},Extra,cell`,
      ].join('\n'),
    );
    expect(preview.body.rows).toEqual([
      { row: 2, action: 'unchanged', errors: [] },
      { row: 3, action: 'error', errors: [{ field: 'sku', message: 'the same SKU is on rows 3, 4; keep one' }] },
      { row: 4, action: 'error', errors: [{ field: 'sku', message: 'the same SKU is on rows 3, 4; keep one' }] },
      { row: 5, action: 'error', errors: [{ field: 'row', message: 'has 1 value past the last named column' }] },
    ]);
  });

  it('refuses formulas, in a CSV and in a workbook', async () => {
    const csv = await upload(`sku,name\n${uniqueSku('F')},=HYPERLINK("http://x")\n`);
    expect(csv.body.rows[0]).toMatchObject({ action: 'error', errors: [{ field: 'name', message: match.stringContaining('formula') }] });
    const workbook = await xlsxOf(
      [
        ['sku', 'name', 'price'],
        [uniqueSku('F'), 'Bolt', null],
      ],
      (sheet) => {
        sheet.getCell('C2').value = { formula: 'SUM(1,2)', result: 3 };
      },
    );
    const xlsx = await upload(workbook, 'items', 'items.xlsx');
    expect(xlsx.body.rows[0]).toMatchObject({
      action: 'error',
      errors: [{ field: 'price', message: match.stringContaining('=SUM(1,2)') }],
    });
  });

  it('refuses a 50 MB upload with 413 and keeps nothing', async () => {
    const before = [await writtenEvents(db), await importCount()];
    const big = Buffer.alloc(50 * 1024 * 1024, 'a,b\n');
    expectProblem(await upload(big), 413, 'payload-too-large');
    expect([await writtenEvents(db), await importCount()]).toEqual(before);
  });

  it('refuses a workbook that unzips to more than the limit, even when its directory declares it small', async () => {
    const before = await importCount();
    const zeros = Buffer.alloc(MAX_UNPACKED + 1024 * 1024);
    for (const declaredSize of [zeros.length, 1000]) {
      const bomb = zipFile([{ name: 'xl/worksheets/sheet1.xml', data: zeros, declaredSize }]);
      expect(bomb.length).toBeLessThan(100_000);
      expect(expectProblem(await upload(bomb, 'items', 'bomb.xlsx'), 413, 'payload-too-large').detail).toContain('unpacks to more than');
    }
    expect(await importCount()).toBe(before);
  });

  it('refuses more rows than the configured limit, saying so', async () => {
    const rows = Array.from({ length: MAX_ROWS + 1 }, (_, index) => `ROW-${index},Row`);
    expect(expectProblem(await upload(['sku,name', ...rows].join('\n')), 413, 'payload-too-large').detail).toContain(
      `more than ${MAX_ROWS} rows`,
    );
    const workbook = await xlsxOf([['sku', 'name'], ...rows.map((row) => row.split(','))]);
    expect(expectProblem(await upload(workbook, 'items', 'rows.xlsx'), 413, 'payload-too-large').detail).toContain(
      `more than ${MAX_ROWS} rows`,
    );
  });

  it.each([
    ['a PNG image', Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex'), 'not a CSV or XLSX'],
    ['a zip that is no workbook', zipFile([{ name: 'readme.txt', data: Buffer.from('hello') }]), 'not an XLSX workbook'],
    ['an empty file', Buffer.alloc(0), 'empty'],
  ])('refuses %s with a clear problem and keeps nothing', async (_, bytes, detail) => {
    const before = [await writtenEvents(db), await importCount()];
    expect(expectProblem(await upload(bytes), 400, 'validation').detail).toContain(detail);
    expect([await writtenEvents(db), await importCount()]).toEqual(before);
  });

  it('takes files from managers only, and only as multipart', async () => {
    expectProblem(await upload('sku,name\n', 'items', 'a.csv', staff), 403, 'forbidden');
    expectProblem(await call('POST', '/imports', { body: { kind: 'items' } }), 415, 'unsupported-media-type');
    const before = await importCount();
    for (const raw of ['itemId=x&type=IN', '--x\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nsku,name']) {
      const malformed = await call('POST', '/imports?kind=items', { raw, headers: { 'content-type': 'multipart/form-data; boundary=x' } });
      expect(malformed.status).toBeGreaterThanOrEqual(400);
      expect(malformed.status).toBeLessThan(500);
      expect(malformed.type).toContain('application/problem+json');
    }
    expect(await importCount()).toBe(before);
  });
});

describe('exporting items', () => {
  it('exports a CSV and a workbook that preview as all unchanged and apply as 0 events, formulas escaped', async () => {
    const location = await call<{ id: string; code: string }>('POST', '/locations', {
      body: { code: `EX-${randomUUID().slice(0, 6)}`, name: 'Shelf' },
    });
    const risky = await newItem({
      sku: uniqueSku('RISK'),
      name: '=HYPERLINK("http://evil")',
      description: '-1+2',
      price: 9.99,
      quantity: 4,
      barcode: `BC-${randomUUID().slice(0, 8)}`,
      reorderPoint: 3,
      leadTimeDays: 2,
    });
    await call('POST', '/transfers', {
      body: { itemId: risky.id, fromLocationId: '00000000-0000-4000-8000-00000000a001', toLocationId: location.body.id, quantity: 1 },
    });
    const csv = await exported('csv');
    const records = parse<Record<string, string>>(csv, { bom: true, columns: true });
    const row = records.find((record) => record.sku === risky.sku);
    expect(row).toMatchObject({
      name: `'=HYPERLINK("http://evil")`,
      description: "'-1+2",
      price: '9.99',
      barcode: risky.barcode,
      reorderPoint: '3',
      reorderQuantity: '',
      leadTimeDays: '2',
      'quantity:MAIN': '3',
      [`quantity:${location.body.code}`]: '1',
    });
    for (const [format, file] of [
      ['csv', csv],
      ['xlsx', await exported('xlsx')],
    ] as const) {
      const before = await writtenEvents(db);
      const preview = await upload(file, 'items', `export.${format}`);
      expect(preview.body.summary).toMatchObject({ error: 0, create: 0, update: 0, events: 0, warnings: [] });
      expect(new Set(actions(preview.body))).toEqual(new Set(['unchanged']));
      expect((await apply(preview.body.id)).body.events).toBe(0);
      expect(await writtenEvents(db)).toBe(before);
    }
  });

  it("refuses, row by row, a barcode another item holds or two rows give, and applies the others' barcodes", async () => {
    const holder = await newItem({ sku: uniqueSku('HOLD'), name: 'Holder', barcode: `HB-${randomUUID().slice(0, 8)}` });
    const shared = `SH-${randomUUID().slice(0, 8)}`;
    const [taken, first, second, free] = [uniqueSku('TAKEN'), uniqueSku('FIRST'), uniqueSku('SECOND'), uniqueSku('FREE')];
    const preview = await upload(
      [
        'sku,name,barcode',
        `${taken},Taken,${holder.barcode}`,
        `${first},First,${shared}`,
        `${second},Second,${shared}`,
        `${free},Free,96385074`,
      ].join('\n'),
    );
    expect(preview.body.rows).toEqual([
      { row: 2, action: 'error', errors: [{ field: 'barcode', message: "is already another item's barcode" }] },
      { row: 3, action: 'create', errors: [] },
      { row: 4, action: 'error', errors: [{ field: 'barcode', message: 'is also on row 3; keep one' }] },
      { row: 5, action: 'create', errors: [] },
    ]);
    const fixed = await upload(['sku,name,barcode', `${first},First,${shared}`, `${free},Free,96385074`].join('\n'));
    expect((await apply(fixed.body.id)).status).toBe(200);
    const found = await call<ItemView>('GET', '/items/by-code/96385074', { headers: { 'x-min-position': String(await headPosition()) } });
    expect(found.body.sku).toBe(free);
  });

  it('applies exactly the three rows edited in an exported file', async () => {
    const counted = await newItem({ sku: uniqueSku('ED'), quantity: 5 });
    const renamed = await newItem({ sku: uniqueSku('ED') });
    const unpriced = await newItem({ sku: uniqueSku('ED'), price: 1 });
    const records = parse(await exported('csv'), { bom: true });
    const [header, ...rows] = records as [string[], ...string[][]];
    const column = (name: string) => header.indexOf(name);
    const edit = (sku: string, name: string, value: string) => {
      const row = rows.find((cells) => cells[0] === sku)!;
      row[column(name)] = value;
    };
    edit(counted.sku, 'quantity:MAIN', '2');
    edit(renamed.sku, 'name', 'Edited');
    edit(unpriced.sku, 'price', '');
    const file = [header, ...rows].map((cells) => cells.map((cell) => `"${cell.replaceAll('"', '""')}"`).join(',')).join('\r\n');
    const preview = await upload(file);
    const updated = preview.body.rows.filter((row) => row.action !== 'unchanged');
    expect(updated.map((row) => rows[row.row - 2]![0]).sort()).toEqual([counted.sku, renamed.sku, unpriced.sku].sort());
    const before = await writtenEvents(db);
    expect((await apply(preview.body.id)).body.events).toBe(3);
    expect(await writtenEvents(db)).toBe(before + 3);
    expect([(await item(counted.id)).quantity, (await item(renamed.id)).name, (await item(unpriced.id)).price]).toEqual([
      2,
      'Edited',
      null,
    ]);
  });

  it('offers templates with the columns an import reads', async () => {
    const response = await fetch(`${app.baseUrl}/api/imports/template?kind=movements&format=csv`, { headers: authHeader(manager) });
    expect(Buffer.from(await response.arrayBuffer()).toString('utf8')).toBe('\uFEFFsku,location,type,quantity,reason,note\n');
    const items = await fetch(`${app.baseUrl}/api/imports/template?kind=items&format=xlsx`, { headers: authHeader(manager) });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await items.arrayBuffer());
    expect(workbook.worksheets[0]!.getRow(1).values).toEqual(
      match.arrayContaining(['sku', 'name', 'description', 'unit', 'price', 'lowStockThreshold', 'quantity:MAIN']),
    );
  });
});

describe('importing movements', () => {
  it('decides each row on its item as the rows before left it, and refuses what the API would', async () => {
    const bolt = await newItem({ sku: uniqueSku('MV'), quantity: 2 });
    const preview = await upload(
      [
        'SKU,Location,Type,Quantity,Reason',
        `${bolt.sku},,IN,5,delivery`,
        `${bolt.sku.toLowerCase()},MAIN,out,7,`,
        `${bolt.sku},,OUT,1,`,
        `${bolt.sku},NOWHERE,ADJUST,3,`,
        `NO-SUCH-SKU,,IN,1,`,
      ].join('\n'),
      'movements',
    );
    expect(preview.body.rows).toEqual([
      { row: 2, action: 'create', errors: [] },
      { row: 3, action: 'create', errors: [] },
      { row: 4, action: 'error', errors: [{ field: 'quantity', message: match.stringContaining('stock') }] },
      { row: 5, action: 'error', errors: [{ field: 'location', message: 'no location has the code NOWHERE' }] },
      { row: 6, action: 'error', errors: [{ field: 'sku', message: 'no item has the SKU NO-SUCH-SKU' }] },
    ]);
    const fixed = await upload([`sku,type,quantity,reason`, `${bolt.sku},IN,5,delivery`, `${bolt.sku},OUT,7,`].join('\n'), 'movements');
    const before = await writtenEvents(db);
    expect((await apply(fixed.body.id)).body.events).toBe(2);
    expect(await writtenEvents(db)).toBe(before + 2);
    expect((await item(bolt.id)).quantity).toBe(0);
  });
});
