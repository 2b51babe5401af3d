import { parse } from 'csv-parse/sync';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { callJson, type JsonCall } from '../../../test/json-api';
import { apiSuite } from '../../../test/api-suite';
import type { TestApp } from '../../../test/test-app';
import type { ProblemDetails } from '../common/problem/problem';
import type { Positioned } from '../event-store/positioned';
import { evolve, initialItem, type InventoryEvent, type Item } from '../inventory';
import { InventorySimulation, insertEvents, type SimulatedEvent } from '../inventory/testing/inventory-simulation';
import type { ItemView } from '../inventory/queries/impl/views';
import type { Activity, ActivityType } from './domain/activity';
import type { Valuation } from './domain/valuation';
import type { ReorderReport } from './queries/impl';

let app: TestApp;
let db: Client;
let manager: string;
let staff: string;
let events: SimulatedEvent[];
let timeOf: (n: number) => Date;
let lastPosition = 0;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const LOCATIONS = ['c0ffee00-0000-4000-8000-0000000000cc', 'c0ffee00-0000-4000-8000-0000000000dd'];
const COUNT = 720;

apiSuite((suite) => ({ app, db, manager, staff } = suite));

beforeAll(async () => {
  // An event every 4 hours over the last 120 days, the last 2 hours ago: 30 and 90 days ago fall halfway
  // between two events (n = 539.5 and 179.5), far from the second or so between this clock and the server's.
  const now = Date.now();
  timeOf = (n) => new Date(now - 120 * DAY + 2 * HOUR + n * 4 * HOUR);
  events = new InventorySimulation(9, { seed: 7, archiveRate: 0, editRate: 0.03, locations: LOCATIONS, transferRate: 0.2 }).take(COUNT);
  await insertEvents(db, events, timeOf);
  lastPosition = Number((await db.query<{ last: string }>('SELECT max(position) AS last FROM events')).rows[0]!.last);
});

/** Every call waits for the read models to hold the seeded history (X-Min-Position). */
const call = <Body = unknown>(method: string, path: string, options: JsonCall = {}) =>
  callJson<Body>(`${app.baseUrl}/api${path}`, method, {
    token: manager,
    ...options,
    headers: { 'x-min-position': String(lastPosition), ...options.headers },
  });

const csvOf = async (path: string, token = manager) => {
  const response = await fetch(`${app.baseUrl}/api${path}`, {
    headers: { authorization: `Bearer ${token}`, 'x-min-position': String(lastPosition) },
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/csv');
  expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="ims-\w+-\d{4}-\d{2}-\d{2}\.csv"$/);
  return parse<Record<string, string>>(await response.text(), { columns: true });
};

const simulated = (n: number) => ({ event: events[n]!.event as InventoryEvent, at: timeOf(n) });

/** Each simulated item folded to the end of the history. */
function foldedItems(): Map<string, Item> {
  const items = new Map<string, Item>();
  events.forEach((_, n) => {
    const { event } = simulated(n);
    items.set(event.data.itemId, evolve(items.get(event.data.itemId) ?? initialItem(), event));
  });
  return items;
}

/** Units an event used: OUT units, and the units a negative adjustment found missing. */
function usedBy(event: InventoryEvent): number {
  if (event.type !== 'StockMoved') return 0;
  if (event.data.type === 'OUT') return event.data.quantity;
  return event.data.type === 'ADJUST' && event.data.quantity < 0 ? -event.data.quantity : 0;
}

function usedSince(itemId: string, days: number): number {
  const since = Date.now() - days * DAY;
  return events.reduce((sum, _, n) => {
    const { event, at } = simulated(n);
    return event.data.itemId === itemId && at.getTime() > since ? sum + usedBy(event) : sum;
  }, 0);
}

describe('GET /api/reports/reorder', () => {
  it('lists the items at or below their reorder point with their use over 30 and 90 days and an order to place', async () => {
    const coverDays = 21;
    const items = [...foldedItems().values()].flatMap((item) => (item.status === 'active' ? [item] : []));
    // The simulated stock mostly grows: a manager sets the reorder point of three items at or above their stock now.
    const points = new Map(items.map((item) => [item.id, item.fields.reorderPoint]));
    let position = lastPosition;
    for (const [n, item] of items.slice(0, 3).entries()) {
      const patched = await call<Positioned<ItemView>>('PATCH', `/items/${item.id}`, { body: { reorderPoint: item.quantity + n } });
      expect(patched.status).toBe(200);
      position = patched.body.position;
      points.set(item.id, item.quantity + n);
    }
    const due = items.filter((item) => item.quantity <= (points.get(item.id) ?? -1));
    expect(due.length).toBeGreaterThanOrEqual(3);
    const answer = await call<ReorderReport>('GET', `/reports/reorder?coverDays=${coverDays}`, {
      headers: { 'x-min-position': String(position) },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.coverDays).toBe(coverDays);
    const expected = due
      .map((item) => {
        const { reorderQuantity, leadTimeDays, price } = item.fields;
        const reorderPoint = points.get(item.id) ?? 0;
        const used30 = usedSince(item.id, 30);
        const used90 = usedSince(item.id, 90);
        // Units per day at the higher rate is max(3 × used30, used90) / 90: whole numbers until the one division.
        const fastest = Math.max(3 * used30, used90);
        const demand = Math.ceil((fastest * ((leadTimeDays ?? 0) + coverDays)) / 90);
        const suggestedQuantity = Math.max(reorderQuantity ?? 0, demand - item.quantity, reorderPoint + 1 - item.quantity);
        return {
          itemId: item.id,
          sku: item.fields.sku,
          quantity: item.quantity,
          reorderPoint,
          reorderQuantity,
          leadTimeDays,
          dailyUse30: Math.round((used30 / 30) * 100) / 100,
          dailyUse90: Math.round((used90 / 90) * 100) / 100,
          daysOfCover: fastest === 0 ? null : Math.round(((item.quantity * 90) / fastest) * 10) / 10,
          suggestedQuantity,
          estimatedCost: price === null ? null : Math.round(price * 100 * suggestedQuantity) / 100,
        };
      })
      .sort((a, b) => a.sku.localeCompare(b.sku));
    expect(expected.some((line) => line.dailyUse30 > 0 && line.dailyUse30 !== line.dailyUse90)).toBe(true);
    expect(answer.body.items.map(({ itemId }) => itemId)).toEqual(expected.map(({ itemId }) => itemId));
    for (const [n, line] of expected.entries()) expect(answer.body.items[n]).toMatchObject(line);

    const rows = await csvOf(`/reports/reorder?coverDays=${coverDays}&format=csv`);
    expect(rows.map((row) => [row.sku, Number(row.orderQuantity), Number(row.onHand)])).toEqual(
      expected.map((line) => [line.sku, line.suggestedQuantity, line.quantity]),
    );
  });

  it('takes reorder fields on create and PATCH, answers them, and lists a new item at its point', async () => {
    const created = await call<Positioned<ItemView>>('POST', '/items', {
      body: { sku: `R-${randomUUID().slice(0, 8)}`, name: 'Gloves', quantity: 4, reorderPoint: 5, reorderQuantity: 50, leadTimeDays: 7 },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ reorderPoint: 5, reorderQuantity: 50, leadTimeDays: 7 });
    const patched = await call<Positioned<ItemView>>('PATCH', `/items/${created.body.id}`, {
      body: { reorderQuantity: null, leadTimeDays: 3 },
    });
    expect(patched.body).toMatchObject({ reorderPoint: 5, reorderQuantity: null, leadTimeDays: 3 });
    const headers = { 'x-min-position': String(patched.body.position) };
    expect((await call<ItemView>('GET', `/items/${created.body.id}`, { headers })).body).toMatchObject({
      reorderPoint: 5,
      reorderQuantity: null,
    });
    const report = await call<ReorderReport>('GET', '/reports/reorder', { headers });
    // Nothing used: the order lifts the stock just above the point.
    expect(report.body.items.find(({ itemId }) => itemId === created.body.id)).toMatchObject({
      quantity: 4,
      dailyUse30: 0,
      daysOfCover: null,
      suggestedQuantity: 2,
    });
    const refused = await call<ProblemDetails>('PATCH', `/items/${created.body.id}`, { body: { reorderPoint: -1 } });
    expect(refused.status).toBe(400);
    expect(refused.body.type).toBe('/problems/validation');
  });

  it('does not count an OUT that was reversed, nor its correction, as use', async () => {
    const created = await call<Positioned<ItemView>>('POST', '/items', {
      body: { sku: `RV-${randomUUID().slice(0, 8)}`, name: 'Mistyped', quantity: 40, reorderPoint: 50 },
    });
    const moved = await call<{ movement: { id: string } }>('POST', '/stock-movements', {
      body: { itemId: created.body.id, type: 'OUT', quantity: 30 },
    });
    const kept = await call<{ position: number }>('POST', '/stock-movements', {
      body: { itemId: created.body.id, type: 'OUT', quantity: 6 },
    });
    const reversed = await call<{ position: number }>('POST', `/stock-movements/${moved.body.movement.id}/reverse`, {
      body: { reason: 'typed 30 for 3' },
      headers: { 'x-min-position': String(kept.body.position) },
    });
    expect(reversed.status).toBe(201);
    const report = await call<ReorderReport>('GET', '/reports/reorder', { headers: { 'x-min-position': String(reversed.body.position) } });
    expect(report.body.items.find(({ itemId }) => itemId === created.body.id)).toMatchObject({ quantity: 34, dailyUse30: 0.2 });
  });
});

describe('GET /api/reports/activity', () => {
  it('counts the movements per day and type, and ranks the top movers, as the event log has them', async () => {
    const to = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate()));
    const from = new Date(to.getTime() - 40 * DAY);
    const answer = await call<Activity>('GET', `/reports/activity?from=${from.toISOString()}&to=${to.toISOString()}&bucket=day`);
    expect(answer.status).toBe(200);
    expect(answer.body.buckets).toHaveLength(40);
    const expected = new Map<string, Record<ActivityType, number>>();
    const movers = new Map<string, { movements: number; unitsUsed: number }>();
    events.forEach((_, n) => {
      const { event, at } = simulated(n);
      if (at < from || at >= to || event.type === 'ItemChanged' || event.type === 'LocationThresholdSet') return;
      const day = new Date(Math.floor(at.getTime() / DAY) * DAY).toISOString();
      const counts = expected.get(day) ?? { IN: 0, OUT: 0, ADJUST: 0, TRANSFER: 0 };
      expected.set(day, counts);
      counts[event.type === 'StockTransferred' ? 'TRANSFER' : event.data.type] += 1;
      const mover = movers.get(event.data.itemId) ?? { movements: 0, unitsUsed: 0 };
      movers.set(event.data.itemId, { movements: mover.movements + 1, unitsUsed: mover.unitsUsed + usedBy(event) });
    });
    const reported = answer.body.buckets.filter((bucket) => Object.values(bucket.movements).some((count) => count > 0));
    expect(new Map(reported.map((bucket) => [bucket.start, bucket.movements]))).toEqual(expected);
    expect(answer.body.topMovers.map(({ itemId, movements, unitsUsed }) => ({ itemId, movements, unitsUsed }))).toEqual(
      [...movers]
        .map(([itemId, mover]) => ({ itemId, ...mover }))
        .sort((a, b) => b.unitsUsed - a.unitsUsed || b.movements - a.movements)
        .slice(0, 10),
    );
    const rows = await csvOf(`/reports/activity?from=${from.toISOString()}&to=${to.toISOString()}&format=csv`);
    expect(rows.map((row) => [row.start, Number(row.OUT)])).toEqual(
      answer.body.buckets.map((bucket) => [bucket.start, bucket.movements.OUT]),
    );
  });

  it('buckets by week starting on Monday, and refuses a reversed or too long span', async () => {
    const weeks = await call<Activity>('GET', '/reports/activity?bucket=week');
    expect(weeks.body.buckets.length).toBeGreaterThanOrEqual(12);
    expect(weeks.body.buckets.every(({ start }) => new Date(start).getUTCDay() === 1)).toBe(true);
    const reversed = await call<ProblemDetails>('GET', '/reports/activity?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z');
    expect(reversed.status).toBe(400);
    expect(reversed.body).toMatchObject({ type: '/problems/validation', errors: [{ field: 'from' }] });
    const long = await call<ProblemDetails>('GET', '/reports/activity?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z&bucket=day');
    expect(long.status).toBe(400);
    expect((await call<ProblemDetails>('GET', '/reports/activity?bucket=month')).status).toBe(400);
  });
});

describe('GET /api/reports/valuation', () => {
  it('values the stock at a past time, as JSON and as CSV with the same lines', async () => {
    const at = timeOf(400).toISOString();
    const answer = await call<Valuation>('GET', `/reports/valuation?at=${at}`);
    expect(answer.status).toBe(200);
    expect(answer.body.at).toBe(at);
    expect(answer.body.value).toBeGreaterThan(0);
    const rows = await csvOf(`/reports/valuation?at=${at}&format=csv`);
    expect(rows.map((row) => [row.locationCode, row.sku, Number(row.quantity), row.value === '' ? null : Number(row.value)])).toEqual(
      answer.body.locations.flatMap((location) => location.items.map((line) => [location.code, line.sku, line.quantity, line.value])),
    );
    const one = await call<Valuation>('GET', `/reports/valuation?at=${at}&locationId=${LOCATIONS[0]}`);
    expect(one.body.locations.map(({ locationId }) => locationId)).toEqual([LOCATIONS[0]]);
    expect(one.body.value).toBe(answer.body.locations.find(({ locationId }) => locationId === LOCATIONS[0])?.value);
    expect((await call<ProblemDetails>('GET', '/reports/valuation?at=yesterday')).status).toBe(400);
  });
});

describe('access to the reports', () => {
  it.each(['/reports/reorder', '/reports/valuation', '/reports/activity'])('refuses %s to staff and to anyone signed out', async (path) => {
    expect((await call('GET', path, { token: staff })).status).toBe(403);
    expect((await callJson(`${app.baseUrl}/api${path}`, 'GET')).status).toBe(401);
  });
});
