import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { Client, Pool } from 'pg';
import { tokenFor } from '../../../test/auth-helpers';
import { callJson, expectProblem, type JsonAnswer, type JsonCall } from '../../../test/json-api';
import { apiSuite, writtenEvents } from '../../../test/api-suite';
import type { TestApp } from '../../../test/test-app';
import { ALL_PROJECTIONS } from '../all-projections';
import type { Positioned } from '../event-store/positioned';
import { replayProjections, verifyReadModels } from '../projections';
import type { MovementResult, ReversalPreview } from './commands/answers';
import { MAIN_LOCATION_ID } from './domain/item-events';
import type { HistoryEntry, ItemDetailView, ItemView, ListedStockMovement } from './queries/impl/views';

let app: TestApp;
let db: Client;
let manager: string;
let staff: string;
let otherStaff: string;

apiSuite((suite) => ({ app, db, manager, staff } = suite));
beforeAll(async () => {
  otherStaff = (await tokenFor(app, 'staff')).token;
});

const call = <Body = unknown>(method: string, path: string, options: JsonCall = {}) =>
  callJson<Body>(`${app.baseUrl}/api${path}`, method, { ...options, token: options.token ?? staff });

const read = async <Body>(path: string, position: number) =>
  (await call<Body>('GET', path, { headers: { 'X-Min-Position': String(position) } })).body;

async function created<Body>(answer: Promise<JsonAnswer<Body>>): Promise<Body> {
  const { status, body } = await answer;
  if (status !== 201) throw new Error(`answered ${status}: ${JSON.stringify(body)}`);
  return body;
}

const newItem = (quantity: number, lowStockThreshold = 0) =>
  created(
    call<Positioned<ItemView>>('POST', '/items', {
      token: manager,
      body: { sku: `RV-${randomUUID().slice(0, 8)}`, name: 'Hinge', quantity, lowStockThreshold },
    }),
  );

const newLocation = async () =>
  (
    await created(
      call<{ id: string }>('POST', '/locations', { token: manager, body: { code: `RV-${randomUUID().slice(0, 8)}`, name: 'Van' } }),
    )
  ).id;

const move = (itemId: string, type: 'IN' | 'OUT' | 'ADJUST', quantity: number, locationId = MAIN_LOCATION_ID, token = staff) =>
  created(call<Positioned<MovementResult>>('POST', '/stock-movements', { token, body: { itemId, type, quantity, locationId } }));

const transfer = (itemId: string, fromLocationId: string, toLocationId: string, quantity: number) =>
  created(
    call<Positioned<{ transfer: { id: string } }>>('POST', '/transfers', { body: { itemId, fromLocationId, toLocationId, quantity } }),
  );

const reverse = <Body = Positioned<MovementResult>>(movementId: string, options: JsonCall & { dryRun?: boolean } = {}) =>
  call<Body>('POST', `/stock-movements/${movementId}/reverse${options.dryRun ? '?dryRun=true' : ''}`, {
    body: { reason: 'typed 100 for 10' },
    ...options,
  });

/** The item's total and its units at each of `locations` (0 where it lists none). */
const unitsAt = async (itemId: string, position: number, locations = [MAIN_LOCATION_ID]) => {
  const item = await read<ItemDetailView>(`/items/${itemId}`, position);
  const units = (locationId: string) => item.locations.find((location) => location.locationId === locationId)?.quantity ?? 0;
  return { total: item.quantity, ...Object.fromEntries(locations.map((locationId) => [locationId, units(locationId)])) };
};

describe('POST /api/stock-movements/:id/reverse', () => {
  it.each([
    ['IN', 4, 14],
    ['OUT', 3, 7],
    ['ADJUST', 6, 6],
  ] as const)(
    'reverses an %s: the stock is back where it was, the correction points at it and it at the correction',
    async (type, quantity, after) => {
      const item = await newItem(10);
      const original = await move(item.id, type, quantity);
      expect(original.item.quantity).toBe(after);

      const answer = await reverse(original.movement.id);

      expect(answer.status).toBe(201);
      const { movement, item: reversed, position } = answer.body;
      expect(movement).toMatchObject({
        itemId: item.id,
        reverses: original.movement.id,
        locationId: MAIN_LOCATION_ID,
        reason: 'typed 100 for 10',
      });
      expect(movement.quantityAfter).toBe(10);
      expect(reversed.quantity).toBe(10);
      expect(await unitsAt(item.id, position)).toEqual({ total: 10, [MAIN_LOCATION_ID]: 10 });
      const { movements } = await read<{ movements: ListedStockMovement[] }>(`/stock-movements?itemId=${item.id}`, position);
      expect(movements.map(({ id, reverses, reversedBy }) => ({ id, reverses, reversedBy }))).toEqual([
        { id: movement.id, reverses: original.movement.id, reversedBy: undefined },
        { id: original.movement.id, reverses: undefined, reversedBy: movement.id },
      ]);
      const { entries } = await read<{ entries: HistoryEntry[] }>(`/items/${item.id}/history`, position);
      expect(entries.slice(0, 2).map(({ reverses, reversedBy }) => ({ reverses, reversedBy }))).toEqual([
        { reverses: original.movement.id, reversedBy: undefined },
        { reverses: undefined, reversedBy: movement.id },
      ]);
    },
  );

  it('moves a transfer back in one event, both locations restored', async () => {
    const item = await newItem(10);
    const van = await newLocation();
    const original = await transfer(item.id, MAIN_LOCATION_ID, van, 4);
    expect(await unitsAt(item.id, original.position, [MAIN_LOCATION_ID, van])).toEqual({ total: 10, [MAIN_LOCATION_ID]: 6, [van]: 4 });
    const before = await writtenEvents(db);

    const answer = await reverse(original.transfer.id);

    expect(answer.status).toBe(201);
    expect(await writtenEvents(db)).toBe(before + 1);
    expect(answer.body.movement).toMatchObject({
      type: 'TRANSFER',
      reverses: original.transfer.id,
      fromLocationId: van,
      toLocationId: MAIN_LOCATION_ID,
      quantity: 4,
    });
    expect(await unitsAt(item.id, answer.body.position, [MAIN_LOCATION_ID, van])).toEqual({ total: 10, [MAIN_LOCATION_ID]: 10, [van]: 0 });
  });

  it('previews with dryRun: the units before and after at each location and in total, nothing written', async () => {
    const item = await newItem(10);
    const van = await newLocation();
    const original = await transfer(item.id, MAIN_LOCATION_ID, van, 4);
    const before = await writtenEvents(db);

    const answer = await reverse<ReversalPreview>(original.transfer.id, { dryRun: true });

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      reverses: original.transfer.id,
      itemId: item.id,
      quantityBefore: 10,
      quantityAfter: 10,
      locations: [
        { locationId: van, quantityBefore: 4, quantityAfter: 0 },
        { locationId: MAIN_LOCATION_ID, quantityBefore: 6, quantityAfter: 10 },
      ],
    });
    expect(await writtenEvents(db)).toBe(before);
    expect((await reverse(original.transfer.id)).status).toBe(201);
  });

  it('lets exactly one of two parallel reversals of one movement land', async () => {
    const item = await newItem(10);
    const original = await move(item.id, 'OUT', 3);

    const answers = await Promise.all([reverse(original.movement.id), reverse(original.movement.id, { token: manager })]);

    expect(answers.map(({ status }) => status).sort()).toEqual([201, 409]);
    const refused = answers.find(({ status }) => status === 409)!;
    const landed = answers.find(({ status }) => status === 201)!;
    expectProblem(refused, 409, 'already-reversed');
    expect(refused.body).toMatchObject({ reversedBy: landed.body.movement.id });
    expect(await unitsAt(item.id, landed.body.position)).toEqual({ total: 10, [MAIN_LOCATION_ID]: 10 });
  });

  it('refuses staff a movement someone else recorded, and lets a manager reverse it', async () => {
    const item = await newItem(10);
    const original = await move(item.id, 'OUT', 3, MAIN_LOCATION_ID, otherStaff);
    const before = await writtenEvents(db);

    expectProblem(await reverse(original.movement.id), 403, 'forbidden');
    expectProblem(await reverse(original.movement.id, { dryRun: true }), 403, 'forbidden');
    expect(await writtenEvents(db)).toBe(before);
    expect((await reverse(original.movement.id, { token: manager })).status).toBe(201);
  });

  it('refuses what it must and writes nothing then', async () => {
    const item = await newItem(10);
    const received = await move(item.id, 'IN', 5);
    await move(item.id, 'OUT', 12);
    const issued = await move(item.id, 'OUT', 1);
    const correction = (await created(reverse(issued.movement.id))).movement;
    const before = await writtenEvents(db);

    expectProblem(await reverse(received.movement.id), 409, 'insufficient-stock');
    expectProblem(await reverse(received.movement.id, { dryRun: true }), 409, 'insufficient-stock');
    expectProblem(await reverse(issued.movement.id), 409, 'already-reversed');
    expectProblem(await reverse(correction.id), 409, 'reversal-not-reversible');
    expectProblem(await reverse(randomUUID()), 404, 'not-found');
    expectProblem(await reverse('not-a-uuid'), 400, 'validation');
    expectProblem(await reverse(issued.movement.id, { body: {} }), 400, 'validation');
    expect(await writtenEvents(db)).toBe(before);

    expect((await call('DELETE', `/items/${item.id}`, { token: manager })).status).toBe(200);
    expectProblem(await reverse(received.movement.id, { token: manager }), 409, 'conflict');
  });

  it('answers a retry with the same Idempotency-Key with the first answer, appending once', async () => {
    const item = await newItem(10);
    const original = await move(item.id, 'OUT', 3);
    const headers = { 'Idempotency-Key': randomUUID() };

    const first = await reverse(original.movement.id, { headers });
    const before = await writtenEvents(db);
    const retry = await reverse(original.movement.id, { headers });

    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body.movement.id).toBe(first.body.movement.id);
    expect(await writtenEvents(db)).toBe(before);
  });

  it('shows reversals in the CSV export, and a replay rebuilds the same read models', async () => {
    const item = await newItem(10);
    const original = await move(item.id, 'IN', 2);
    const { movement, position } = await created(reverse(original.movement.id));
    await read(`/items/${item.id}`, position);

    const csv = await fetch(`${app.baseUrl}/api/stock-movements/export?itemId=${item.id}`, {
      headers: { authorization: `Bearer ${staff}` },
    });
    const rows = parse<Record<string, string>>(await csv.text(), { columns: true });
    expect(rows.map(({ movementId, reverses, reversedBy }) => ({ movementId, reverses, reversedBy }))).toEqual([
      { movementId: movement.id, reverses: original.movement.id, reversedBy: '' },
      { movementId: original.movement.id, reverses: '', reversedBy: movement.id },
    ]);

    const pool = new Pool({ connectionString: app.database.url, max: 2 });
    try {
      await replayProjections(
        pool,
        ALL_PROJECTIONS.filter(({ name }) => name === 'history'),
      );
      expect((await verifyReadModels(pool, ALL_PROJECTIONS)).differences).toEqual([]);
      const { movements } = await read<{ movements: ListedStockMovement[] }>(`/stock-movements?itemId=${item.id}`, position);
      expect(movements.map(({ reverses, reversedBy }) => [reverses, reversedBy])).toEqual([
        [original.movement.id, undefined],
        [undefined, movement.id],
      ]);
    } finally {
      await pool.end();
    }
  });

  it('raises a low-stock alert when a reversal takes the item below its threshold', async () => {
    const item = await newItem(3, 5);
    const original = await move(item.id, 'IN', 10);
    const { position } = await created(reverse(original.movement.id, { token: manager }));

    await vi.waitFor(
      async () => {
        const { rows } = await db.query<{ caused_by: string }>(
          `SELECT data->>'causedByPosition' AS caused_by FROM events WHERE type = 'LowStockAlertRaised' AND data->>'itemId' = $1`,
          [item.id],
        );
        expect(rows.map(({ caused_by }) => Number(caused_by))).toContain(position);
      },
      { timeout: 10_000, interval: 50 },
    );
  });
});
