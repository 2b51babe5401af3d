import { randomUUID } from 'node:crypto';
import { Client, type Pool } from 'pg';
import { callJson, type JsonAnswer, type JsonCall } from '../../../test/json-api';
import { apiSuite } from '../../../test/api-suite';
import type { TestApp } from '../../../test/test-app';
import { ALL_PROJECTIONS } from '../all-projections';
import type { ProblemDetails, ProblemKind } from '../common/problem/problem';
import { DATABASE_POOL } from '../database';
import type { Positioned } from '../event-store/positioned';
import type { ItemList } from '../inventory';
import type { ItemDetailView } from '../inventory/queries/impl/views';
import { LiveClient } from '../live/testing/live-client';
import { replayProjections, verifyReadModels } from '../projections';
import type { CountedLine, OpenedStocktake, Posting, StocktakeSummary, StocktakeView } from './queries/impl/views';
import { STOCKTAKES_PROJECTIONS } from './read-models/stocktakes-projections';

let app: TestApp;
let db: Client;
let manager: string;
let staff: string;

apiSuite((suite) => ({ app, db, manager, staff } = suite));

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
const anyArray: unknown = expect.any(Array);

const code = () => `ST-${randomUUID().slice(0, 8)}`;
const at = (position: number) => ({ headers: { 'X-Min-Position': String(position) } });

async function newLocation(): Promise<string> {
  const answer = await call<Positioned<{ id: string }>>('POST', '/locations', { body: { code: code(), name: 'Shelf' } });
  expect(answer.status).toBe(201);
  return answer.body.id;
}

async function move(itemId: string, type: 'IN' | 'OUT', quantity: number, locationId: string): Promise<number> {
  const answer = await call<Positioned<object>>('POST', '/stock-movements', { token: staff, body: { itemId, type, quantity, locationId } });
  expect(answer.status).toBe(201);
  return answer.body.position;
}

/**
 * An item priced at `price` with `units` at the location, once the read side shows them: opening a
 * count of "every item there" reads the stock projection.
 */
async function stockedItem(locationId: string, units: number, price: number | null = 2.5): Promise<string> {
  const created = await call<Positioned<{ id: string }>>('POST', '/items', { body: { sku: code(), name: 'Widget', price } });
  expect(created.status).toBe(201);
  const position = units > 0 ? await move(created.body.id, 'IN', units, locationId) : created.body.position;
  await call('GET', `/items/${created.body.id}`, at(position));
  return created.body.id;
}

const open = (locationId: string, itemIds?: string[]) =>
  call<Positioned<OpenedStocktake>>('POST', '/stocktakes', { body: { locationId, ...(itemIds && { itemIds }) } });

async function opened(locationId: string, itemIds?: string[]): Promise<Positioned<OpenedStocktake>> {
  const answer = await open(locationId, itemIds);
  expect(answer.status).toBe(201);
  return answer.body;
}

const count = (stocktakeId: string, itemId: string, counted: number, token = staff) =>
  call<Positioned<CountedLine>>('PUT', `/stocktakes/${stocktakeId}/lines/${itemId}`, { token, body: { counted } });

async function counted(stocktakeId: string, itemId: string, units: number): Promise<Positioned<CountedLine>> {
  const answer = await count(stocktakeId, itemId, units);
  expect(answer.status).toBe(200);
  return answer.body;
}

const post = (stocktakeId: string, query = '') => call<Positioned<Posting>>('POST', `/stocktakes/${stocktakeId}/post${query}`);

const unitsAt = async (itemId: string, locationId: string, position: number) => {
  const item = await call<ItemDetailView>('GET', `/items/${itemId}`, at(position));
  return item.body.locations.find((stock) => stock.locationId === locationId)?.quantity ?? 0;
};

const adjustments = async (itemIds: readonly string[]) =>
  (
    await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM events WHERE type = 'StockMoved' AND data->>'type' = 'ADJUST' AND stream_id = ANY($1)`,
      [itemIds.map((id) => `item-${id}`)],
    )
  ).rows[0]!.n;

const stocktakeEvents = async (stocktakeId: string) =>
  (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE stream_id = $1', [`stocktake-${stocktakeId}`])).rows[0]!.n;

describe('opening a stocktake', () => {
  it('holds every item with stock at the location when none are chosen, and only the chosen ones otherwise', async () => {
    const shelf = await newLocation();
    const [a, b] = [await stockedItem(shelf, 3), await stockedItem(shelf, 1)];
    // Stock elsewhere only: not a line of the shelf's count.
    await stockedItem(await newLocation(), 4);
    const all = await opened(shelf);
    expect(all).toEqual({
      id: anyString,
      locationId: shelf,
      status: 'open',
      lines: anyArray,
      position: anyNumber,
    });
    expect(all.lines.map(({ itemId }) => itemId).sort()).toEqual([a, b].sort());
    expect((await opened(shelf, [b])).lines).toEqual([{ itemId: b }]);
  });

  it('is listed, newest first, and is for managers only', async () => {
    const shelf = await newLocation();
    const item = await stockedItem(shelf, 2);
    expectProblem(await call('POST', '/stocktakes', { token: staff, body: { locationId: shelf } }), 403, 'forbidden');
    const first = await opened(shelf, [item]);
    const list = await call<StocktakeSummary[]>('GET', '/stocktakes', { token: staff, ...at(first.position) });
    expect(list.body[0]).toMatchObject({ id: first.id, locationId: shelf, status: 'open', lineCount: 1, countedCount: 0 });
  });

  it('refuses an unknown location, nothing to count, and unknown or archived items', async () => {
    expectProblem(await open(randomUUID()), 404, 'not-found');
    expectProblem(await open(await newLocation()), 409, 'conflict');
    const shelf = await newLocation();
    const archived = await stockedItem(shelf, 0);
    await call('DELETE', `/items/${archived}`);
    expect(expectProblem(await open(shelf, [randomUUID()]), 400, 'validation').errors).toEqual([
      { field: 'itemIds', message: 'unknown or archived items' },
    ]);
    expectProblem(await open(shelf, [archived]), 400, 'validation');
    expectProblem(await call('POST', '/stocktakes', { body: { locationId: shelf, itemIds: [] } }), 400, 'validation');
  });
});

describe('counting', () => {
  it('is blind: staff see what was counted, managers also the stock it is compared with and the variance', async () => {
    const shelf = await newLocation();
    const item = await stockedItem(shelf, 10);
    const stocktake = await opened(shelf);
    const line = await counted(stocktake.id, item, 8);
    expect(line).toMatchObject({ stocktakeId: stocktake.id, itemId: item, counted: 8, countedPosition: anyNumber });
    expect(line).not.toHaveProperty('expected');
    const asStaff = await call<StocktakeView>('GET', `/stocktakes/${stocktake.id}`, { token: staff, ...at(line.position) });
    expect(asStaff.body.lines).toEqual([
      {
        itemId: item,
        sku: anyString,
        name: 'Widget',
        unit: anyString,
        counted: 8,
        countedAt: line.countedAt,
        countedBy: { id: anyString, username: anyString },
        countedPosition: line.countedPosition,
      },
    ]);
    const asManager = await call<StocktakeView>('GET', `/stocktakes/${stocktake.id}`, at(line.position));
    expect(asManager.body.lines[0]).toMatchObject({ counted: 8, expected: 10, variance: -2 });
    expect(asManager.body).toMatchObject({ countedCount: 1, lineCount: 1, status: 'open' });
  });

  it('refuses an unknown stocktake, an item that is not a line, and a negative count', async () => {
    const shelf = await newLocation();
    const item = await stockedItem(shelf, 1);
    const stocktake = await opened(shelf);
    expectProblem(await count(randomUUID(), item, 1), 404, 'not-found');
    expectProblem(await count(stocktake.id, randomUUID(), 1), 404, 'not-found');
    expectProblem(await count(stocktake.id, item, -1), 400, 'validation');
    expectProblem(await count(stocktake.id, item, 1.5), 400, 'validation');
    expect(await stocktakeEvents(stocktake.id)).toBe(1);
  });
});

describe('posting', () => {
  it('keeps the movements made after each count: each line ends at counted + the movements after its count', async () => {
    const shelf = await newLocation();
    const [x, y, z] = [await stockedItem(shelf, 20), await stockedItem(shelf, 20), await stockedItem(shelf, 20)];
    const stocktake = await opened(shelf);
    await counted(stocktake.id, x, 18);
    // Before y is counted: part of what its count sees, so absorbed by it.
    for (const type of ['IN', 'IN', 'OUT'] as const) await move(y, type, 2, shelf);
    await counted(stocktake.id, y, 25);
    await counted(stocktake.id, z, 20);
    const after = new Map([x, y, z].map((id) => [id, 0]));
    const movements = Array.from({ length: 30 }, (_, n) => {
      const itemId = [x, y, z][n % 3]!;
      const [type, units] = n % 2 === 0 ? (['IN', 3] as const) : (['OUT', 1] as const);
      after.set(itemId, after.get(itemId)! + (type === 'IN' ? units : -units));
      return move(itemId, type, units, shelf);
    });
    await Promise.all(movements);

    const preview = await post(stocktake.id, '?dryRun=true');
    expect(preview.status).toBe(200);
    expect(preview.body).not.toHaveProperty('position');
    // The lines of "every item there" are in SKU order: look each up.
    const previewed = (itemId: string) => preview.body.lines.find((line) => line.itemId === itemId);
    expect([x, y, z].map((id) => previewed(id)).map((line) => [line?.counted, line?.expected, line?.variance])).toEqual([
      [18, 20, -2],
      [25, 22, 3],
      [20, 20, 0],
    ]);
    expect(preview.body).toMatchObject({ dryRun: true, totalVariance: 1, totalValue: 2.5 });
    expect(previewed(x)).toMatchObject({ varianceValue: -5, quantityBefore: 20 + after.get(x)!, quantityAfter: 18 + after.get(x)! });
    expect(await adjustments([x, y, z])).toBe(0);

    const posted = await post(stocktake.id);
    expect(posted.status).toBe(200);
    const appended = (itemId: string) => posted.body.lines.find((line) => line.itemId === itemId)?.movementId ?? null;
    expect([x, y, z].map((id) => appended(id) === null)).toEqual([false, false, true]);
    expect(await adjustments([x, y, z])).toBe(2);
    expect(await unitsAt(x, shelf, posted.body.position)).toBe(18 + after.get(x)!);
    expect(await unitsAt(y, shelf, posted.body.position)).toBe(25 + after.get(y)!);
    expect(await unitsAt(z, shelf, posted.body.position)).toBe(20 + after.get(z)!);
  });

  it('counts exactly at the position recorded while movements race the count', async () => {
    const shelf = await newLocation();
    const item = await stockedItem(shelf, 100);
    const stocktake = await opened(shelf);
    const racing = Array.from({ length: 20 }, (_, n) => move(item, n % 4 === 0 ? 'IN' : 'OUT', 2, shelf));
    const [line] = await Promise.all([counted(stocktake.id, item, 90), ...racing]);
    const posted = await post(stocktake.id);
    expect(posted.status).toBe(200);
    // The movements of the item's stream after the event the count was taken at, and only those, are kept.
    const { rows } = await db.query<{ moved: number }>(
      `SELECT coalesce(sum((e.data->>'quantityAfter')::int - (e.data->>'quantityBefore')::int), 0)::int AS moved
         FROM events e
        WHERE e.stream_id = $1 AND e.type = 'StockMoved' AND e.data->>'type' <> 'ADJUST'
          AND e.stream_version > (SELECT stream_version FROM events WHERE position = $2)`,
      [`item-${item}`, line.countedPosition],
    );
    expect(await unitsAt(item, shelf, posted.body.position)).toBe(90 + rows[0]!.moved);
  });

  it('appends once however often it is posted, also when two postings race, and then refuses counts', async () => {
    const shelf = await newLocation();
    const item = await stockedItem(shelf, 5);
    const stocktake = await opened(shelf);
    await counted(stocktake.id, item, 7);
    const [first, second] = await Promise.all([post(stocktake.id), post(stocktake.id)]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.body).toEqual(first.body);
    const again = await post(stocktake.id);
    expect(again.body).toEqual(first.body);
    expect(await adjustments([item])).toBe(1);
    expect(await stocktakeEvents(stocktake.id)).toBe(3);
    expect(await unitsAt(item, shelf, first.body.position)).toBe(7);
    expectProblem(await count(stocktake.id, item, 3), 409, 'conflict');
    const view = await call<StocktakeView>('GET', `/stocktakes/${stocktake.id}`, at(first.body.position));
    expect(view.body).toMatchObject({ status: 'posted', postedAt: anyString });
  });

  it('refuses nothing counted, an adjustment below zero, staff, and an unknown stocktake, appending nothing', async () => {
    const shelf = await newLocation();
    const item = await stockedItem(shelf, 10);
    const stocktake = await opened(shelf);
    expectProblem(await post(stocktake.id), 409, 'conflict');
    // Counted 2 of 10 (8 missing), then 9 issued: 1 left, from which 8 cannot be taken.
    await counted(stocktake.id, item, 2);
    await move(item, 'OUT', 9, shelf);
    expectProblem(await post(stocktake.id), 409, 'insufficient-stock');
    expectProblem(await call('POST', `/stocktakes/${stocktake.id}/post`, { token: staff }), 403, 'forbidden');
    expectProblem(await post(randomUUID()), 404, 'not-found');
    expect(await adjustments([item])).toBe(0);
    expect(await stocktakeEvents(stocktake.id)).toBe(2);
  });
});

describe('lastCountedAt', () => {
  it('is set for every counted line by posting, even without a variance; the items list filters on it; a replay rebuilds it', async () => {
    const shelf = await newLocation();
    const [exact, off, uncounted] = [await stockedItem(shelf, 4), await stockedItem(shelf, 4), await stockedItem(shelf, 4)];
    const since = new Date().toISOString();
    const stocktake = await opened(shelf);
    const line = await counted(stocktake.id, exact, 4);
    await counted(stocktake.id, off, 3);
    const before = await call<ItemDetailView>('GET', `/items/${exact}`, at(line.position));
    expect(before.body.lastCountedAt).toBeNull();
    const posted = await post(stocktake.id);
    const item = await call<ItemDetailView>('GET', `/items/${exact}`, at(posted.body.position));
    expect(item.body.lastCountedAt).toBe(line.countedAt);
    const notCounted = await call<ItemList>('GET', `/items?notCountedSince=${since}&locationId=${shelf}`, at(posted.body.position));
    expect(notCounted.body.items.map(({ id }) => id)).toEqual([uncounted]);

    const pool = app.app.get<Pool>(DATABASE_POOL);
    await db.query('DELETE FROM read_item_counts WHERE item_id = $1', [exact]);
    expect((await verifyReadModels(pool, STOCKTAKES_PROJECTIONS)).differences).toEqual([
      expect.objectContaining({ projection: 'stocktakes', key: `counted ${exact}` }),
    ]);
    await replayProjections(pool, STOCKTAKES_PROJECTIONS);
    expect((await call<ItemDetailView>('GET', `/items/${exact}`)).body.lastCountedAt).toBe(line.countedAt);
    expect((await verifyReadModels(pool, ALL_PROJECTIONS)).differences).toEqual([]);
  });
});

describe('stocktake.changed on the live feed', () => {
  it('tells each step, without the figures a counter must not see', async () => {
    const shelf = await newLocation();
    const item = await stockedItem(shelf, 2);
    const client = await LiveClient.greeted(app.baseUrl, staff);
    try {
      const stocktake = await opened(shelf);
      const line = await counted(stocktake.id, item, 1);
      const posted = await post(stocktake.id);
      await client.until((messages) => messages.filter(({ type }) => type === 'stocktake.changed').length >= 3);
      expect(client.changes.filter(({ type }) => type === 'stocktake.changed')).toEqual([
        expect.objectContaining({ position: stocktake.position, data: { id: stocktake.id, kind: 'opened', status: 'open', itemId: null } }),
        expect.objectContaining({ position: line.position, data: { id: stocktake.id, kind: 'counted', status: 'open', itemId: item } }),
        expect.objectContaining({
          position: posted.body.position,
          data: { id: stocktake.id, kind: 'posted', status: 'posted', itemId: null },
        }),
      ]);
    } finally {
      await client.close();
    }
  });
});
