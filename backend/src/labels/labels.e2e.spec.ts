import { randomUUID } from 'node:crypto';
import { authHeader, seededManager, tokenFor } from '../../../test/auth-helpers';
import { callJson } from '../../../test/json-api';
import { startTestApp, type TestApp } from '../../../test/test-app';
import type { ProblemDetails } from '../common/problem/problem';
import type { Positioned } from '../event-store/positioned';
import type { ItemView } from '../inventory';
import { pdfContents } from './testing/pdf-contents';
import { readPdfImage } from './testing/read-code';

let app: TestApp;
let staff: string;
/** An item with a barcode, one without, and one whose name XML and PDF must escape; created once. */
let coded: ItemView;
let plain: ItemView;
let awkward: ItemView;
let lastPosition = 0;

const unique = () => randomUUID().slice(0, 8);

beforeAll(async () => {
  app = await startTestApp();
  const manager = (await seededManager(app)).token;
  staff = (await tokenFor(app, 'staff')).token;
  const create = async (body: Record<string, unknown>) => {
    const answer = await callJson<Positioned<ItemView>>(`${app.baseUrl}/api/items`, 'POST', { token: manager, body });
    expect(answer.status).toBe(201);
    lastPosition = Math.max(lastPosition, answer.body.position);
    return answer.body;
  };
  coded = await create({ sku: `LBL-${unique()}`, name: 'Bolt M10', barcode: `CODE/${unique()} a` });
  plain = await create({ sku: `LBL-${unique()}`, name: 'Washer' });
  awkward = await create({ sku: `LBL-${unique()}`, name: 'Nuts & <bolts> "mixed"' });
});

afterAll(() => app.close());

/** GET /api/labels as a signed-in staff member, after the items above are readable. */
async function labels(query: Record<string, string>): Promise<{ status: number; type: string | null; body: Buffer }> {
  const response = await fetch(`${app.baseUrl}/api/labels?${new URLSearchParams(query).toString()}`, {
    headers: { ...authHeader(staff), 'x-min-position': String(lastPosition) },
  });
  return { status: response.status, type: response.headers.get('content-type'), body: Buffer.from(await response.arrayBuffer()) };
}

const problemOf = (answer: { type: string | null; body: Buffer }): ProblemDetails => {
  expect(answer.type).toContain('application/problem+json');
  return JSON.parse(answer.body.toString('utf8')) as ProblemDetails;
};

describe('GET /api/labels as a PDF', () => {
  it('draws one label per id on a Letter sheet, each with a QR code of the barcode or else the SKU, the name and the SKU', async () => {
    const answer = await labels({ itemIds: [coded.id, plain.id].join(','), layout: 'letter-3x10', code: 'qr' });
    expect(answer.status).toBe(200);
    expect(answer.type).toBe('application/pdf');
    const pdf = pdfContents(answer.body);
    expect(pdf.pages).toBe(1);
    expect(pdf.images.map((image) => readPdfImage(image, 'qr'))).toEqual([coded.barcode, plain.sku]);
    expect(pdf.texts).toEqual([coded.name, coded.sku, coded.barcode, plain.name, plain.sku]);
  });

  it('draws Code 128 codes a barcode reader reads back, with the SKU and barcode under them', async () => {
    const answer = await labels({ itemIds: [plain.id, coded.id].join(','), layout: 'a4-3x8', code: 'code128' });
    const pdf = pdfContents(answer.body);
    expect(pdf.images.map((image) => readPdfImage(image, 'code128'))).toEqual([plain.sku, coded.barcode]);
    expect(pdf.texts).toEqual([plain.name, plain.sku, coded.name, `${coded.sku} · ${coded.barcode}`]);
  });

  it('fills as many pages as the labels need: 31 on Letter take two, and a roll prints one label per page', async () => {
    const ids = Array.from({ length: 31 }, (_, index) => [coded.id, plain.id][index % 2]!);
    expect(pdfContents((await labels({ itemIds: ids.join(','), layout: 'letter-3x10' })).body)).toMatchObject({ pages: 2 });
    const roll = pdfContents((await labels({ itemIds: [coded.id, plain.id, coded.id].join(','), layout: 'roll-62x29' })).body);
    expect(roll.pages).toBe(3);
    expect(roll.images).toHaveLength(3);
  });

  it('prints a QR code on a Letter sheet when neither the layout nor the code is named, a name too long for it cut with an ellipsis', async () => {
    const pdf = pdfContents((await labels({ itemIds: awkward.id })).body);
    expect(pdf.pages).toBe(1);
    expect(readPdfImage(pdf.images[0]!, 'qr')).toBe(awkward.sku);
    expect(pdf.texts).toEqual(['Nuts & <bolts>…', awkward.sku]);
  });
});

describe('GET /api/labels as an SVG', () => {
  it('draws the same labels as vector graphics, the text escaped', async () => {
    const answer = await labels({ itemIds: [awkward.id, coded.id].join(','), format: 'svg', layout: 'a4-3x8', code: 'code128' });
    expect(answer.status).toBe(200);
    expect(answer.type).toBe('image/svg+xml; charset=utf-8');
    const svg = answer.body.toString('utf8');
    expect(svg).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="595.28pt"/);
    expect(svg).toContain('>Nuts &#38; &#60;bolts&#62; &#34;mixed&#34;</text>');
    expect(svg).not.toContain('<bolts>');
    expect(svg).toContain(`>${coded.sku} · ${coded.barcode}</text>`);
    // Each label a nested SVG, each holding the code's own nested SVG.
    expect(svg.match(/<svg x=/g)).toHaveLength(4);
  });
});

describe('GET /api/labels refusals', () => {
  it('answers 404 naming every id that is no item, and prints nothing', async () => {
    const missing = randomUUID();
    const answer = await labels({ itemIds: [coded.id, missing].join(',') });
    expect(answer.status).toBe(404);
    const problem = problemOf(answer);
    expect(problem.type).toBe('/problems/not-found');
    expect(problem.errors).toEqual([{ field: 'itemIds', message: `is no item: ${missing}` }]);
  });

  it.each([
    [{ itemIds: '' }, 'itemIds'],
    [{ itemIds: 'not-an-id' }, 'itemIds'],
    [{ layout: 'letter-4x20' }, 'layout'],
    [{ code: 'ean13' }, 'code'],
    [{ format: 'png' }, 'format'],
  ])('answers 400 validation for %j, naming %s', async (query, field) => {
    const answer = await labels({ itemIds: randomUUID(), ...query });
    expect(answer.status).toBe(400);
    const problem = problemOf(answer);
    expect(problem.type).toBe('/problems/validation');
    expect(problem.errors?.map((error) => error.field)).toContain(field);
  });

  it('refuses more than 300 labels at once', async () => {
    const answer = await labels({ itemIds: Array.from({ length: 301 }, () => coded.id).join(',') });
    expect(answer.status).toBe(400);
    expect(problemOf(answer).errors?.map((error) => error.field)).toEqual(['itemIds']);
  });
});
