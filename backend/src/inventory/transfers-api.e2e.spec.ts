import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { Client, Pool } from 'pg';
import { authHeader } from '../../../test/auth-helpers';
import { callJson, expectProblem, type JsonCall } from '../../../test/json-api';
import { apiSuite, writtenEvents } from '../../../test/api-suite';
import type { TestApp } from '../../../test/test-app';
import { ALL_PROJECTIONS } from '../all-projections';
import type { Positioned } from '../event-store/positioned';
import { verifyReadModels } from '../projections/verify/verify-read-models';
import { LiveClient } from '../live/testing/live-client';
import type { TransferResult } from './commands/answers';
import { MAIN_LOCATION_ID } from './domain/item-events';
import type { HistoryEntry, ItemDetailView, ItemView, ListedStockMovement } from './queries/impl/views';

let app: TestApp;
let db: Client;
let manager: string;
let staff: string;
let staffName: string;

apiSuite((suite) => ({ app, db, manager, staff, staffName } = suite));

const call = <Body = unknown>(method: string, path: string, options: JsonCall = {}) =>
  callJson<Body>(`${app.baseUrl}/api${path}`, method, { ...options, token: options.token ?? staff });

/** A read once the read models have applied `position`. */
const read = async <Body>(path: string, position: number) =>
  (await call<Body>('GET', path, { headers: { 'X-Min-Position': String(position) } })).body;

async function newItem(quantity: number): Promise<Positioned<ItemView>> {
  const answer = await call<Positioned<ItemView>>('POST', '/items', {
    token: manager,
    body: { sku: `TR-${randomUUID().slice(0, 8)}`, name: 'Pallet', quantity },
  });
  expect(answer.status).toBe(201);
  return answer.body;
}

async function newLocation(): Promise<string> {
  const answer = await call<{ id: string }>('POST', '/locations', {
    token: manager,
    body: { code: `V-${randomUUID().slice(0, 8)}`, name: 'Van' },
  });
  expect(answer.status).toBe(201);
  return answer.body.id;
}

const transfer = (body: Record<string, unknown>, options: JsonCall = {}) =>
  call<Positioned<TransferResult>>('POST', '/transfers', { ...options, body });

describe('POST /api/transfers', () => {
  it('moves units between two locations in one event and every read model shows it once', async () => {
    const item = await newItem(10);
    const van = await newLocation();
    const watcher = await LiveClient.greeted(app.baseUrl, staff);
    try {
      const before = await writtenEvents(db);
      const answer = await transfer(
        { itemId: item.id, fromLocationId: MAIN_LOCATION_ID, toLocationId: van, quantity: 4, reason: 'restock' },
        { headers: { 'X-Correlation-Id': 'transfer-1' } },
      );
      expect(answer.status).toBe(201);
      const { transfer: recorded, item: after, position } = answer.body;
      expect(answer.headers.get('x-position')).toBe(String(position));
      expect(recorded).toEqual({
        id: recorded.transferId,
        transferId: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown,
        itemId: item.id,
        type: 'TRANSFER',
        quantity: 4,
        quantityBefore: 10,
        quantityAfter: 10,
        locationId: MAIN_LOCATION_ID,
        fromLocationId: MAIN_LOCATION_ID,
        toLocationId: van,
        fromBefore: 10,
        fromAfter: 6,
        toBefore: 0,
        toAfter: 4,
        reason: 'restock',
        note: null,
        user: { id: expect.any(String) as unknown, username: staffName },
        at: expect.any(String) as unknown,
      });
      expect(after).toMatchObject({ id: item.id, quantity: 10, version: 2 });

      expect(await writtenEvents(db)).toBe(before + 1);
      const { rows } = await db.query<{ type: string; stream_id: string; position: number }>(
        'SELECT type, stream_id, position FROM events WHERE position > $1 ORDER BY position',
        [item.position],
      );
      expect(rows.filter((row) => row.stream_id === `item-${item.id}`)).toEqual([
        { type: 'StockTransferred', stream_id: `item-${item.id}`, position },
      ]);

      const detail = await read<ItemDetailView>(`/items/${item.id}`, position);
      expect(detail.quantity).toBe(10);
      expect(detail.locations.map(({ locationId, quantity }) => ({ locationId, quantity }))).toEqual([
        { locationId: MAIN_LOCATION_ID, quantity: 6 },
        { locationId: van, quantity: 4 },
      ]);

      const history = await read<{ entries: HistoryEntry[] }>(`/items/${item.id}/history`, position);
      expect(history.entries.map((entry) => entry.type)).toEqual(['TRANSFER', 'created']);
      expect(history.entries[0]).toMatchObject({
        position,
        quantity: 4,
        quantityBefore: 10,
        quantityAfter: 10,
        transferId: recorded.id,
        fromLocationId: MAIN_LOCATION_ID,
        toLocationId: van,
        reason: 'restock',
      });
      expect(history.entries[1]).not.toHaveProperty('transferId');

      const listed = { ...recorded, at: history.entries[0]!.at, position, item: { sku: item.sku, name: item.name } };
      const { fromBefore: _fb, fromAfter: _fa, toBefore: _tb, toAfter: _ta, ...entry } = listed;
      for (const query of [`itemId=${item.id}`, `locationId=${van}`, `itemId=${item.id}&locationId=${MAIN_LOCATION_ID}`, 'type=TRANSFER']) {
        const movements = await read<{ movements: ListedStockMovement[] }>(`/stock-movements?${query}`, position);
        expect(
          movements.movements.filter((movement) => movement.itemId === item.id),
          query,
        ).toEqual([entry]);
      }
      const elsewhere = await read<{ movements: ListedStockMovement[] }>(`/stock-movements?locationId=${await newLocation()}`, position);
      expect(elsewhere.movements).toEqual([]);

      const csv = await fetch(`${app.baseUrl}/api/stock-movements/export?itemId=${item.id}`, {
        headers: { ...authHeader(staff), 'x-min-position': String(position) },
      });
      const csvRows = parse<Record<string, string>>(await csv.text(), { columns: true });
      expect(csvRows.map((row) => [row.type, row.quantity, row.location])).toEqual([['TRANSFER', '4', `${MAIN_LOCATION_ID} → ${van}`]]);

      const message = await watcher.change('stock.transferred', (change) => change.position === position);
      expect(message.correlationId).toBe('transfer-1');
      const { item: _label, ...movement } = entry;
      const { locations: _locations, lastCountedAt: _counted, ...itemView } = detail;
      expect(message.data).toEqual({ transfer: movement, item: itemView });
    } finally {
      await watcher.close();
    }
  });

  it('answers the stock at each location as it stood, and the total without a location', async () => {
    const item = await newItem(10);
    const van = await newLocation();
    const first = await transfer({ itemId: item.id, fromLocationId: MAIN_LOCATION_ID, toLocationId: van, quantity: 7 });
    // Apart by more than the millisecond the API's times are rounded to.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const back = await transfer({ itemId: item.id, fromLocationId: van, toLocationId: MAIN_LOCATION_ID, quantity: 2 });
    const position = back.body.position;
    const stockAt = (at: Date, locationId?: string) =>
      read<{ quantity: number; position: number | null }>(
        `/items/${item.id}/stock-at?at=${at.toISOString()}${locationId ? `&locationId=${locationId}` : ''}`,
        position,
      );
    // Just after the times the events were recorded at (to the millisecond; a command's answer carries the time it was decided).
    const history = await read<{ entries: HistoryEntry[] }>(`/items/${item.id}/history`, position);
    const [created, between] = history.entries.map((entry) => new Date(Date.parse(entry.at) + 1)).reverse();
    expect(await stockAt(new Date(created!.getTime() - 2), MAIN_LOCATION_ID)).toEqual({ quantity: 0, position: null });
    expect(await stockAt(created!, van)).toEqual({ quantity: 0, position: null });
    expect(await stockAt(created!, MAIN_LOCATION_ID)).toEqual({ quantity: 10, position: item.position });
    expect(await stockAt(between!, MAIN_LOCATION_ID)).toEqual({ quantity: 3, position: first.body.position });
    expect(await stockAt(between!, van)).toEqual({ quantity: 7, position: first.body.position });
    expect(await stockAt(new Date(), van)).toEqual({ quantity: 5, position });
    expect(await stockAt(new Date(), MAIN_LOCATION_ID)).toEqual({ quantity: 5, position });
    expect(await stockAt(new Date())).toEqual({ quantity: 10, position });
  });

  it('refuses what it must and changes nothing then', async () => {
    const item = await newItem(3);
    const van = await newLocation();
    const archived = await newLocation();
    expect((await call('DELETE', `/locations/${archived}`, { token: manager })).status).toBe(200);
    const gone = await newItem(3);
    expect((await call('DELETE', `/items/${gone.id}`, { token: manager, body: {} })).status).toBe(200);
    const valid = { itemId: item.id, fromLocationId: MAIN_LOCATION_ID, toLocationId: van, quantity: 1 };
    const before = await writtenEvents(db);

    expectProblem(await transfer({ ...valid, toLocationId: MAIN_LOCATION_ID }), 400, 'validation');
    for (const quantity of [0, -1, 1.5, '2', null]) expectProblem(await transfer({ ...valid, quantity }), 400, 'validation');
    expectProblem(await transfer({ ...valid, fromLocationId: 'main' }), 400, 'validation');
    expectProblem(await transfer({ itemId: item.id, quantity: 1 }), 400, 'validation');
    expectProblem(await transfer({ ...valid, extra: true }), 400, 'validation');
    const short = await transfer({ ...valid, quantity: 4 });
    expectProblem(short, 409, 'insufficient-stock');
    expect(short.body).toMatchObject({ available: 3, requested: 4 });
    expectProblem(await transfer({ ...valid, fromLocationId: van, toLocationId: MAIN_LOCATION_ID }), 409, 'insufficient-stock');
    expectProblem(await transfer({ ...valid, toLocationId: randomUUID() }), 404, 'not-found');
    expectProblem(await transfer({ ...valid, toLocationId: archived }), 409, 'conflict');
    expectProblem(await transfer({ ...valid, itemId: randomUUID() }), 404, 'not-found');
    expectProblem(await transfer({ ...valid, itemId: gone.id }), 409, 'conflict');
    expectProblem(await call('POST', '/transfers', { token: '', body: valid }), 401, 'unauthorized');

    expect(await writtenEvents(db)).toBe(before);
    expect((await transfer(valid)).status).toBe(201);
  });

  it('answers a retry with the same Idempotency-Key and body with the first answer, and refuses the key with another body', async () => {
    const item = await newItem(1);
    const van = await newLocation();
    const headers = { 'idempotency-key': `t-${randomUUID()}` };
    const body = { itemId: item.id, fromLocationId: MAIN_LOCATION_ID, toLocationId: van, quantity: 1 };
    const first = await transfer(body, { headers });
    expect(first.status).toBe(201);
    const before = await writtenEvents(db);
    // The first emptied the source: the retry must still get its answer, not insufficient-stock.
    const retry = await transfer({ quantity: 1, toLocationId: van, fromLocationId: MAIN_LOCATION_ID, itemId: item.id }, { headers });
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expectProblem(await transfer({ ...body, fromLocationId: van, toLocationId: MAIN_LOCATION_ID }, { headers }), 409, 'conflict');
    expectProblem(await call('POST', '/stock-movements', { body: { itemId: item.id, type: 'IN', quantity: 1 }, headers }), 409, 'conflict');
    expect(await writtenEvents(db)).toBe(before);
  });
});

describe('GET /api/stock-movements?locationId=', () => {
  it('pages through the movements at a location and the transfers from and to it, newest first', async () => {
    const item = await newItem(20);
    const van = await newLocation();
    const to = (fromLocationId: string, toLocationId: string, quantity: number) =>
      transfer({ itemId: item.id, fromLocationId, toLocationId, quantity });
    const writes = [
      await to(MAIN_LOCATION_ID, van, 5),
      await call<Positioned<{ movement: { id: string } }>>('POST', '/stock-movements', {
        body: { itemId: item.id, type: 'OUT', quantity: 1, locationId: van },
      }),
      await call('POST', '/stock-movements', { body: { itemId: item.id, type: 'OUT', quantity: 1 } }),
      await to(van, MAIN_LOCATION_ID, 2),
      await to(MAIN_LOCATION_ID, van, 3),
    ];
    const positions = writes.map((write) => (write.body as { position: number }).position);
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { movements: ListedStockMovement[]; nextCursor: string | null } = await read(
        `/stock-movements?locationId=${van}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        positions.at(-1)!,
      );
      seen.push(...page.movements.map((movement) => movement.position));
      cursor = page.nextCursor;
    } while (cursor !== null);
    // The OUT at the main location is not at the van.
    expect(seen).toEqual([positions[4], positions[3], positions[1], positions[0]]);
  });
});

describe('verify', () => {
  it("checks a transfer's history row and both its stock rows against the event", async () => {
    const item = await newItem(5);
    const van = await newLocation();
    const { position } = (await transfer({ itemId: item.id, fromLocationId: MAIN_LOCATION_ID, toLocationId: van, quantity: 2 })).body;
    await read(`/items/${item.id}`, position);
    const pool = new Pool({ connectionString: app.database.url, max: 2 });
    try {
      const differences = async () =>
        (await verifyReadModels(pool, ALL_PROJECTIONS)).differences.map(({ projection, key, field }) => ({ projection, key, field }));
      expect(await differences()).toEqual([]);
      await db.query('UPDATE read_item_history SET to_location_id = $1 WHERE position = $2', [MAIN_LOCATION_ID, position]);
      await db.query('UPDATE read_item_stock SET quantity = quantity + 1 WHERE item_id = $1 AND location_id = $2', [item.id, van]);
      expect(await differences()).toEqual([
        { projection: 'history', key: String(position), field: 'toLocationId' },
        { projection: 'stock', key: `${item.id}/${van}`, field: 'quantity' },
      ]);
    } finally {
      await db.query('UPDATE read_item_history SET to_location_id = $1 WHERE position = $2', [van, position]);
      await db.query('UPDATE read_item_stock SET quantity = quantity - 1 WHERE item_id = $1 AND location_id = $2', [item.id, van]);
      await pool.end();
    }
  });
});
