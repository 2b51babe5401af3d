import { startFunctionHost, type FunctionHost } from '@ims/functions';
import { startSendGridStandIn, type SendGridStandIn } from '@ims/functions/testing';
import type { INestApplication } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { Client, type Pool } from 'pg';
import { authHeader, seededManager, tokenFor } from '../../../test/auth-helpers';
import { callJson } from '../../../test/json-api';
import { startTestApp, type TestApp } from '../../../test/test-app';
import { createApp } from '../app.factory';
import { loadConfig } from '../config/app-config';
import { DATABASE_POOL } from '../database/database.module';
import { EventStore } from '../event-store/event-store';
import { LiveClient } from '../live/testing/live-client';
import { ALL_PROJECTIONS } from '../all-projections';
import { INVENTORY_PROJECTIONS, ItemsProjected, MAIN_LOCATION_ID, type ItemList } from '../inventory';
import type { ItemHistory } from '../inventory/queries/impl/get-item-history.query';
import type { ItemDetailView } from '../inventory/queries/impl/views';
import { replayProjections, verifyReadModels } from '../projections';
import { LowStockWatches } from './commands/low-stock-watches';
import { ALERT_OUTBOX_CHECKPOINT } from './delivery/alert-outbox';
import { FunctionEndpoint } from '../serverless';
import type { AlertList, AlertView } from './read-models/alert-view';
import { LowStockSweep } from './sagas/low-stock-sweep';
import { MAX_RAISE_ATTEMPTS, SagaFailures } from './sagas/saga-failures';
import { match } from '../../../test/matchers';

const FUNCTION_API_KEY = 'alerts-e2e-function-key';
const SENDGRID_API_KEY = 'SG.alerts-e2e';

let sendgrid: SendGridStandIn;
let functionHost: FunctionHost;
let functionPort: number;
let testApp: TestApp;
let db: Client;
let token: string;
const replicas: INestApplication[] = [];

const startFunction = (port: number) =>
  startFunctionHost({
    port,
    env: {
      FUNCTION_API_KEY,
      SENDGRID_API_KEY,
      SENDGRID_API_URL: sendgrid.url,
      ALERT_EMAIL_FROM: 'IMS <alerts@example.com>',
      ALERT_EMAIL_TO: 'stock@example.com',
    },
  });

beforeAll(async () => {
  sendgrid = await startSendGridStandIn();
  functionHost = await startFunction(0);
  functionPort = Number(new URL(functionHost.url).port);
  testApp = await startTestApp({
    FUNCTION_URL: functionHost.url,
    FUNCTION_API_KEY,
    ALERT_RETRY_BASE_MS: '100',
    ALERT_MAX_ATTEMPTS: '12',
  });
  db = new Client({ connectionString: testApp.database.url });
  await db.connect();
  token = (await seededManager(testApp)).token;
});

afterAll(async () => {
  // Each is still unset when beforeAll failed before creating it, and the ones created before it must still go.
  /* eslint-disable @typescript-eslint/no-unnecessary-condition */
  await db?.end();
  for (const replica of replicas) await replica.close();
  await testApp?.close();
  await functionHost?.close();
  await sendgrid?.close();
  /* eslint-enable @typescript-eslint/no-unnecessary-condition */
});

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${testApp.baseUrl}/api${path}`, {
    method,
    headers: { ...authHeader(token), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

interface Item {
  readonly id: string;
  readonly sku: string;
}

const newItem = (quantity: number, lowStockThreshold: number) =>
  api<Item>('POST', '/items', { sku: `LOW-${randomUUID().slice(0, 8)}`, name: 'Cable ties', quantity, lowStockThreshold });

/** Moves stock (at the main location unless told) and answers the global position of the StockMoved event. */
async function move(itemId: string, type: 'IN' | 'OUT', quantity: number, locationId?: string): Promise<number> {
  const { movement } = await api<{ movement: { id: string } }>('POST', '/stock-movements', { itemId, type, quantity, locationId });
  const { rows } = await db.query<{ position: string }>(`SELECT position FROM events WHERE data->>'movementId' = $1`, [movement.id]);
  return Number(rows[0]!.position);
}

const alertsOf = async (itemId: string) => (await api<AlertList>('GET', `/alerts?itemId=${itemId}`)).alerts;

const emailsAbout = (sku: string) => sendgrid.requests.filter((request) => request.body.subject.includes(`(${sku})`));

const raisedEvents = async () =>
  Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM events WHERE type = 'LowStockAlertRaised'`)).rows[0]!.n);

/** Waits until the item has `count` alerts, all in `state`, and answers them newest first. */
async function waitForAlerts(itemId: string, count: number, state: AlertView['state'] = 'sent'): Promise<readonly AlertView[]> {
  return vi.waitFor(
    async () => {
      const alerts = await alertsOf(itemId);
      expect(alerts).toHaveLength(count);
      for (const alert of alerts) expect(alert.state).toBe(state);
      return alerts;
    },
    { timeout: 20_000, interval: 50 },
  );
}

/** An item that crossed its threshold, with its alert delivered: a barrier behind which the saga and the dispatcher are idle. */
async function crossedAndDelivered(): Promise<{ item: Item; alert: AlertView }> {
  const item = await newItem(10, 5);
  await move(item.id, 'OUT', 6);
  const [alert] = await waitForAlerts(item.id, 1);
  return { item, alert: alert! };
}

describe('low-stock alerts end to end', () => {
  it('raises one alert and sends one email per crossing: none while the item stays low, a second after it rose above', async () => {
    const item = await newItem(10, 5);

    const firstCrossing = await move(item.id, 'OUT', 6);
    const [first] = await waitForAlerts(item.id, 1);

    expect(first).toMatchObject({
      itemId: item.id,
      sku: item.sku,
      name: 'Cable ties',
      quantity: 4,
      threshold: 5,
      causedByPosition: firstCrossing,
      state: 'sent',
      attempts: 1,
      email: { to: ['stock@example.com'], subject: `Low stock: Cable ties (${item.sku}) has 4 pcs left` },
    });
    const [email] = emailsAbout(item.sku);
    expect(emailsAbout(item.sku)).toHaveLength(1);
    expect(email?.authorization).toBe(`Bearer ${SENDGRID_API_KEY}`);
    expect(email?.body.personalizations[0]?.to).toEqual([{ email: 'stock@example.com' }]);
    expect(email?.body.content.find((part) => part.type === 'text/plain')?.value).toContain('Quantity left: 4 pcs');

    await move(item.id, 'OUT', 1);
    await move(item.id, 'OUT', 2);
    await move(item.id, 'IN', 10);
    const secondCrossing = await move(item.id, 'OUT', 8);
    const alerts = await waitForAlerts(item.id, 2);

    expect(alerts.map((alert) => [alert.causedByPosition, alert.quantity])).toEqual([
      [secondCrossing, 3],
      [firstCrossing, 4],
    ]);
    expect(emailsAbout(item.sku)).toHaveLength(2);
    expect(emailsAbout(item.sku).map((request) => request.body.subject)).toEqual([
      `Low stock: Cable ties (${item.sku}) has 4 pcs left`,
      `Low stock: Cable ties (${item.sku}) has 3 pcs left`,
    ]);
  });

  it('records each alert and its outcome as events of the alert stream, the email in the outcome', async () => {
    const { item, alert } = await crossedAndDelivered();

    const { rows } = await db.query<{ stream_id: string; stream_version: number; type: string; data: Record<string, unknown> }>(
      `SELECT stream_id, stream_version, type, data FROM events WHERE stream_id LIKE 'low-stock-alert-' || $1 || '-%' ORDER BY position`,
      [item.id],
    );

    expect(rows.map((row) => [row.stream_id, row.stream_version, row.type])).toEqual([
      [`low-stock-alert-${item.id}-${alert.causedByPosition}`, 1, 'LowStockAlertRaised'],
      [`low-stock-alert-${item.id}-${alert.causedByPosition}`, 2, 'LowStockAlertSent'],
    ]);
    expect(rows[1]?.data).toMatchObject({ alertId: alert.id, status: 'sent', attempts: 1, email: { subject: alert.email?.subject } });
  });

  it('counts a threshold edit that makes the item low as a crossing', async () => {
    const item = await newItem(10, 5);

    await api('PATCH', `/items/${item.id}`, { lowStockThreshold: 12 });
    const [alert] = await waitForAlerts(item.id, 1);

    expect(alert).toMatchObject({ quantity: 10, threshold: 12 });
    expect(emailsAbout(item.sku)).toHaveLength(1);
  });

  describe('at a location with its own threshold', () => {
    /** An item with 10 at the main location (total threshold 0) and 8 at a new location, whose threshold is 3. */
    async function stockedAtAVan(): Promise<{ item: Item; van: { id: string; code: string }; set: { position: number } }> {
      const item = await newItem(10, 0);
      const van = await api<{ id: string; code: string }>('POST', '/locations', { code: `VAN-${randomUUID().slice(0, 6)}`, name: 'Van' });
      await move(item.id, 'IN', 8, van.id);
      const set = await api<{ position: number }>('PUT', `/items/${item.id}/locations/${van.id}`, { lowStockThreshold: 3 });
      return { item, van, set };
    }

    /** The item as it stands once the read models have the event at `position` (read your writes). */
    const itemAfter = async (itemId: string, position: number) =>
      (
        await callJson<ItemDetailView>(`${testApp.baseUrl}/api/items/${itemId}`, 'GET', {
          token,
          headers: { 'x-min-position': String(position) },
        })
      ).body;

    it('raises one alert naming the location per crossing there: none while it stays low, another after it rose above', async () => {
      const { item, van, set } = await stockedAtAVan();
      const detail = await itemAfter(item.id, set.position);
      expect(detail.locations).toContainEqual({ locationId: van.id, code: van.code, quantity: 8, lowStockThreshold: 3, lowStock: false });

      const firstCrossing = await move(item.id, 'OUT', 5, van.id);
      const [first] = await waitForAlerts(item.id, 1);

      expect(first).toMatchObject({
        itemId: item.id,
        locationId: van.id,
        locationCode: van.code,
        quantity: 3,
        threshold: 3,
        causedByPosition: firstCrossing,
        email: { subject: `Low stock: Cable ties (${item.sku}) has 3 pcs left at ${van.code}` },
      });
      const [email] = emailsAbout(item.sku);
      expect(email?.body.content.find((part) => part.type === 'text/plain')?.value).toContain(`Location: ${van.code}`);
      expect((await api<ItemList>('GET', `/items?lowStock=true&search=${item.sku}`)).items.map(({ id }) => id)).toEqual([item.id]);

      await move(item.id, 'OUT', 1, van.id);
      await move(item.id, 'IN', 5, van.id);
      const secondCrossing = await move(item.id, 'OUT', 4, van.id);
      const alerts = await waitForAlerts(item.id, 2);

      expect(alerts.map((alert) => [alert.causedByPosition, alert.quantity, alert.locationCode])).toEqual([
        [secondCrossing, 3, van.code],
        [firstCrossing, 3, van.code],
      ]);
      expect(emailsAbout(item.sku)).toHaveLength(2);
      const { rows } = await db.query<{ stream_id: string }>(
        `SELECT stream_id FROM events WHERE type = 'LowStockAlertRaised' AND data->>'itemId' = $1 ORDER BY position`,
        [item.id],
      );
      expect(rows.map((row) => row.stream_id)).toEqual([
        `low-stock-alert-${item.id}-${van.id}-${firstCrossing}`,
        `low-stock-alert-${item.id}-${van.id}-${secondCrossing}`,
      ]);
    });

    it('raises the alert naming the location when a transfer takes its stock to its threshold', async () => {
      const { item, van } = await stockedAtAVan();
      const { position } = await api<{ position: number }>('POST', '/transfers', {
        itemId: item.id,
        fromLocationId: van.id,
        toLocationId: MAIN_LOCATION_ID,
        quantity: 5,
      });
      const [alert] = await waitForAlerts(item.id, 1);
      expect(alert).toMatchObject({ locationId: van.id, locationCode: van.code, quantity: 3, threshold: 3, causedByPosition: position });
    });

    it('finds, at a start-up sweep, an item low only at a location whose crossing every try missed', async () => {
      const { item, van } = await stockedAtAVan();
      // Behind another item's delivered alert, the saga is done with the threshold just set.
      await crossedAndDelivered();
      const failures = testApp.app.get(SagaFailures);
      const before = failures.stats;
      const failing = vi.spyOn(testApp.app.get(LowStockWatches), 'load').mockRejectedValue(new Error('injected lasting failure'));
      const missedCrossing = await move(item.id, 'OUT', 6, van.id);
      await vi.waitFor(() => expect(failures.stats.command).toBe(before.command + MAX_RAISE_ATTEMPTS), { timeout: 10_000, interval: 20 });
      failing.mockRestore();
      expect(await alertsOf(item.id)).toEqual([]);

      expect(await testApp.app.get(LowStockSweep).sweep()).toBe(1);
      const [alert] = await waitForAlerts(item.id, 1);

      expect(alert).toMatchObject({ causedByPosition: missedCrossing, locationId: van.id, quantity: 2, threshold: 3 });
    });

    it("records each threshold change in the item's history with its location and the threshold before and after", async () => {
      const { item, van } = await stockedAtAVan();
      await api('PUT', `/items/${item.id}/locations/${van.id}`, { lowStockThreshold: 5 });
      const removed = await api<{ position: number }>('PUT', `/items/${item.id}/locations/${van.id}`, { lowStockThreshold: null });
      const history = await callJson<ItemHistory>(`${testApp.baseUrl}/api/items/${item.id}/history`, 'GET', {
        token,
        headers: { 'x-min-position': String(removed.position) },
      });

      const changes = history.body.entries
        .filter((entry) => entry.type === 'threshold')
        .map(({ locationId, thresholdBefore, thresholdAfter, quantityAfter }) => ({
          locationId,
          thresholdBefore,
          thresholdAfter,
          quantityAfter,
        }));
      expect(changes).toEqual([
        { locationId: van.id, thresholdBefore: 5, thresholdAfter: null, quantityAfter: 18 },
        { locationId: van.id, thresholdBefore: 3, thresholdAfter: 5, quantityAfter: 18 },
        { locationId: van.id, thresholdBefore: null, thresholdAfter: 3, quantityAfter: 18 },
      ]);
      const moved = history.body.entries.find((entry) => entry.type === 'IN');
      expect(moved && ['locationId', 'thresholdBefore', 'thresholdAfter'].filter((field) => field in moved)).toEqual([]);
    });

    it('keeps read models that verify against the events, live and after a replay', async () => {
      await stockedAtAVan();
      const pool = testApp.app.get<Pool>(DATABASE_POOL);

      const live = await verifyReadModels(pool, INVENTORY_PROJECTIONS);
      await replayProjections(pool, INVENTORY_PROJECTIONS);
      const replayed = await verifyReadModels(pool, INVENTORY_PROJECTIONS);

      expect([live.differences, replayed.differences]).toEqual([[], []]);
      const { rows } = await db.query<{ type: string }>(`SELECT type FROM read_item_history WHERE type = 'threshold'`);
      expect(rows.length).toBeGreaterThan(0);
    });

    it('refuses a bad threshold, an unknown location and a staff member with problem+json, changing nothing', async () => {
      const { item, van, set } = await stockedAtAVan();
      const before = await itemAfter(item.id, set.position);
      const staff = (await tokenFor(testApp, 'staff')).token;
      const put = (locationId: string, body: unknown, as = token) =>
        callJson(`${testApp.baseUrl}/api/items/${item.id}/locations/${locationId}`, 'PUT', { token: as, body });

      const answers = {
        negative: await put(van.id, { lowStockThreshold: -1 }),
        fractional: await put(van.id, { lowStockThreshold: 1.5 }),
        missing: await put(van.id, {}),
        unknownLocation: await put(randomUUID(), { lowStockThreshold: 2 }),
        notAUuid: await put('van', { lowStockThreshold: 2 }),
        staff: await put(van.id, { lowStockThreshold: 2 }, staff),
      };

      expect(Object.fromEntries(Object.entries(answers).map(([name, answer]) => [name, [answer.status, answer.type]]))).toEqual({
        negative: [400, match.stringContaining('application/problem+json')],
        fractional: [400, match.stringContaining('application/problem+json')],
        missing: [400, match.stringContaining('application/problem+json')],
        unknownLocation: [404, match.stringContaining('application/problem+json')],
        notAUuid: [400, match.stringContaining('application/problem+json')],
        staff: [403, match.stringContaining('application/problem+json')],
      });
      expect(await itemAfter(item.id, set.position)).toEqual(before);
      const { rows } = await db.query<{ n: string }>(
        `SELECT count(*) AS n FROM events WHERE type = 'LocationThresholdSet' AND data->>'itemId' = $1`,
        [item.id],
      );
      expect(Number(rows[0]!.n)).toBe(1);
    });
  });

  it('keeps retrying while the function is down and delivers the alert once when it is back', async () => {
    await functionHost.close();
    const item = await newItem(10, 5);
    await move(item.id, 'OUT', 7);

    const [waiting] = await vi.waitFor(
      async () => {
        const alerts = await alertsOf(item.id);
        expect(alerts[0]?.attempts).toBeGreaterThanOrEqual(3);
        return alerts;
      },
      { timeout: 20_000, interval: 50 },
    );
    expect(waiting).toMatchObject({ state: 'pending', lastError: match.stringContaining('could not be reached'), email: null });
    expect(emailsAbout(item.sku)).toHaveLength(0);

    functionHost = await startFunction(functionPort);
    const [delivered] = await waitForAlerts(item.id, 1);

    expect(delivered!.attempts).toBeGreaterThan(waiting!.attempts);
    expect(emailsAbout(item.sku)).toHaveLength(1);
  });

  it('retries while SendGrid refuses, through the function answering 502, and sends once it accepts', async () => {
    sendgrid.answerWith(500);
    const item = await newItem(10, 5);
    await move(item.id, 'OUT', 8);

    const [refused] = await vi.waitFor(
      async () => {
        const alerts = await alertsOf(item.id);
        expect(alerts[0]?.attempts).toBeGreaterThanOrEqual(2);
        return alerts;
      },
      { timeout: 20_000, interval: 50 },
    );
    sendgrid.answerWith(202);
    const [sent] = await waitForAlerts(item.id, 1);

    expect(refused).toMatchObject({ state: 'pending', lastError: 'the function answered 502: SendGrid answered 500; try again later.' });
    expect(sent!.attempts).toBeGreaterThan(refused!.attempts);
    expect(emailsAbout(item.sku).length).toBe(sent!.attempts);
  });

  it('after a crash between the email and its record, calls the function once more and the function drops the repeat', async () => {
    const store = testApp.app.get(EventStore);
    const append = store.append.bind(store);
    let crashes = 0;
    const crashing = vi.spyOn(store, 'append').mockImplementation((request) => {
      if (request.events[0]?.type !== 'LowStockAlertSent' || crashes > 0) return append(request);
      crashes += 1;
      return Promise.reject(new Error('the process died before recording the outcome'));
    });
    const item = await newItem(10, 5);
    await move(item.id, 'OUT', 9);
    await vi.waitFor(() => expect(crashes).toBe(1), { timeout: 20_000, interval: 20 });
    crashing.mockRestore();
    expect(emailsAbout(item.sku)).toHaveLength(1);

    // The lease of the process that died runs out.
    await db.query(`UPDATE alert_deliveries SET claimed_until = now() - interval '1 second' WHERE item_id = $1`, [item.id]);
    const [alert] = await waitForAlerts(item.id, 1);

    expect(alert).toMatchObject({ state: 'sent', attempts: 1 });
    expect(emailsAbout(item.sku)).toHaveLength(1);
    const { rows } = await db.query<{ data: { status: string } }>(
      `SELECT data FROM events WHERE type = 'LowStockAlertSent' AND data->>'alertId' = $1`,
      [alert!.id],
    );
    expect(rows.map((row) => row.data.status)).toEqual(['duplicate']);
  });

  it('sends nothing again when the projections are replayed, nor when the outbox reads the log again from the start', async () => {
    const before = await crossedAndDelivered();
    const emails = sendgrid.requests.length;
    const raised = await raisedEvents();
    const pool = testApp.app.get<Pool>(DATABASE_POOL);

    const results = await replayProjections(pool, ALL_PROJECTIONS);
    await db.query(`UPDATE checkpoints SET transaction_id = '0', position = 0 WHERE name = $1`, [ALERT_OUTBOX_CHECKPOINT]);
    const after = await crossedAndDelivered();

    expect(results.map((result) => result.events).reduce((sum, events) => sum + events, 0)).toBeGreaterThan(0);
    expect(await raisedEvents()).toBe(raised + 1);
    expect(sendgrid.requests.length).toBe(emails + 1);
    expect(emailsAbout(after.item.sku)).toHaveLength(1);
    expect(await alertsOf(before.item.id)).toEqual([before.alert]);
  });

  it('keeps the saga alive when it or its command handler throws, and tries a failed command again', async () => {
    const failures = testApp.app.get(SagaFailures);
    const watches = testApp.app.get(LowStockWatches);
    const before = failures.stats;

    testApp.app.get(EventBus).publish(new ItemsProjected('items', [null as never]));
    const failing = vi.spyOn(watches, 'load').mockRejectedValueOnce(new Error('injected failure'));
    const retried = await newItem(10, 5);
    const retriedCrossing = await move(retried.id, 'OUT', 6);
    const [alert] = await waitForAlerts(retried.id, 1);
    failing.mockRestore();

    expect(alert).toMatchObject({ causedByPosition: retriedCrossing, quantity: 4 });
    expect(failures.stats).toEqual({ saga: before.saga + 1, command: before.command + 1 });
    expect(emailsAbout(retried.sku)).toHaveLength(1);
    const next = await crossedAndDelivered();
    expect(next.alert.state).toBe('sent');
  });

  /** An item taken from 10 to 4 (threshold 5) while every try to raise its alert fails: a crossing without an alert. */
  async function missCrossing(): Promise<{ missed: Item; missedCrossing: number }> {
    const failures = testApp.app.get(SagaFailures);
    const before = failures.stats;
    const failing = vi.spyOn(testApp.app.get(LowStockWatches), 'load').mockRejectedValue(new Error('injected lasting failure'));
    const missed = await newItem(10, 5);
    const missedCrossing = await move(missed.id, 'OUT', 6);
    await vi.waitFor(() => expect(failures.stats.command).toBe(before.command + MAX_RAISE_ATTEMPTS), { timeout: 10_000, interval: 20 });
    failing.mockRestore();
    expect(await alertsOf(missed.id)).toEqual([]);
    return { missed, missedCrossing };
  }

  it('alerts a crossing whose every try failed the next time a batch leaves the item low', async () => {
    const { missed, missedCrossing } = await missCrossing();

    await move(missed.id, 'OUT', 1);
    const [healed] = await waitForAlerts(missed.id, 1);

    expect(healed).toMatchObject({ causedByPosition: missedCrossing, quantity: 4 });
  });

  it('alerts, at the next start, a crossing whose every try failed, without waiting for another batch', async () => {
    const { missed, missedCrossing } = await missCrossing();

    const config = loadConfig({
      JWT_SECRET: 'test-secret-of-enough-length-0123456789',
      ADMIN_PASSWORD: 'stock-keeper-key-1',
      FUNCTION_URL: functionHost.url,
      FUNCTION_API_KEY,
    });
    // A second process on the database, as a restart or a new replica. It stays up until the file ends:
    // passport keeps one strategy per name for the whole process, the newest app's.
    const restarted = await createApp({ config, databaseUrl: testApp.database.url, embedded: false });
    replicas.push(restarted);
    await restarted.init();
    const [alert] = await waitForAlerts(missed.id, 1);
    expect(alert).toMatchObject({ causedByPosition: missedCrossing, quantity: 4 });
    // Another start finds it raised: still one alert.
    expect(await restarted.get(LowStockSweep).sweep()).toBe(0);
    expect(await alertsOf(missed.id)).toHaveLength(1);
  });

  it('pushes alert.low_stock on the WebSocket when the alert is raised and when it is delivered', async () => {
    const client = await LiveClient.greeted(testApp.baseUrl, token);
    try {
      const { item, alert } = await crossedAndDelivered();
      const pushed = () =>
        client.messages.filter((message) => message.type === 'alert.low_stock' && (message.data as AlertView).itemId === item.id);
      await client.until(() => pushed().length === 2);

      expect(pushed().map((message) => [message.position, (message.data as AlertView).state])).toEqual([
        [alert.position, 'pending'],
        [expect.any(Number), 'sent'],
      ]);
      expect(pushed()[1]!.data).toEqual(alert);
    } finally {
      await client.close();
    }
  });

  it('counts delivery outcomes in /metrics and pending alerts in the system report', async () => {
    await crossedAndDelivered();

    const metrics = await (await fetch(`${testApp.baseUrl}/metrics`)).text();
    const report = await api<{ pendingAlerts: number | null }>('GET', '/health/system');

    expect(metrics).toMatch(/^ims_alert_outcomes_total\{outcome="sent"\} [1-9]/m);
    expect(metrics).toMatch(/^ims_alert_outcomes_total\{outcome="retried"\} [1-9]/m);
    expect(report.pendingAlerts).toBe(0);
  });

  it('lists alerts for any signed-in user, newest first, a page at a time, and refuses a bad filter with problem+json', async () => {
    await crossedAndDelivered();
    await crossedAndDelivered();

    const firstPage = await api<AlertList>('GET', '/alerts?limit=1&state=sent');
    const secondPage = await api<AlertList>('GET', `/alerts?limit=1&state=sent&cursor=${firstPage.nextCursor}`);
    const unsigned = await fetch(`${testApp.baseUrl}/api/alerts`);
    const badState = await fetch(`${testApp.baseUrl}/api/alerts?state=lost`, { headers: authHeader(token) });

    expect(firstPage.alerts).toHaveLength(1);
    expect(secondPage.alerts[0]!.position).toBeLessThan(firstPage.alerts[0]!.position);
    expect(unsigned.status).toBe(401);
    expect(badState.status).toBe(400);
    expect(badState.headers.get('content-type')).toContain('application/problem+json');
  });
});

describe('low-stock alerts without FUNCTION_URL', () => {
  let localApp: TestApp;

  beforeAll(async () => {
    localApp = await startTestApp();
  });

  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- still unset when beforeAll failed before creating it
  afterAll(() => localApp?.close());

  it('asks the function host the API started in-process, which previews the email without SendGrid', async () => {
    const manager = await seededManager(localApp);
    const call = (method: string, path: string, body?: unknown) =>
      fetch(`${localApp.baseUrl}/api${path}`, {
        method,
        headers: { ...authHeader(manager.token), 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }).then((response) => response.json());
    const item = (await call('POST', '/items', { sku: 'LAMP-2', name: 'Lamp', quantity: 2, lowStockThreshold: 1 })) as { id: string };
    await call('POST', '/stock-movements', { itemId: item.id, type: 'OUT', quantity: 2 });

    const [previewed] = await vi.waitFor(
      async () => {
        const { alerts } = (await call('GET', `/alerts?itemId=${item.id}`)) as AlertList;
        expect(alerts[0]?.state).toBe('preview');
        return alerts;
      },
      { timeout: 20_000, interval: 50 },
    );

    expect(previewed?.email).toMatchObject({ to: [], subject: 'Low stock: Lamp (LAMP-2) has 0 pcs left' });
    expect(previewed?.email?.text).toContain('Quantity left: 0 pcs');
  });

  it('refuses to start with FUNCTION_URL but no FUNCTION_API_KEY', async () => {
    const config = loadConfig({ FUNCTION_URL: 'http://127.0.0.1:9/api/v1/web/ims/alerts/low-stock-email' });
    const endpoint = new FunctionEndpoint({ config, databaseUrl: localApp.database.url, embedded: false });

    await expect(endpoint.onModuleInit()).rejects.toThrow(/FUNCTION_API_KEY/);
  });
});

describe('low-stock alerts whose function keeps failing', () => {
  let failingApp: TestApp;

  beforeAll(async () => {
    const closed = await startFunction(0);
    await closed.close();
    failingApp = await startTestApp({
      FUNCTION_URL: closed.url,
      FUNCTION_API_KEY,
      ALERT_RETRY_BASE_MS: '20',
      ALERT_MAX_ATTEMPTS: '3',
    });
  });

  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- still unset when beforeAll failed before creating it
  afterAll(() => failingApp?.close());

  it('records LowStockAlertFailed once the retries run out', async () => {
    const manager = await seededManager(failingApp);
    const call = (method: string, path: string, body?: unknown) =>
      fetch(`${failingApp.baseUrl}/api${path}`, {
        method,
        headers: { ...authHeader(manager.token), 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }).then((response) => response.json());
    const item = (await call('POST', '/items', { sku: 'FUSE-1', name: 'Fuses', quantity: 3, lowStockThreshold: 2 })) as { id: string };
    await call('POST', '/stock-movements', { itemId: item.id, type: 'OUT', quantity: 2 });

    const [failed] = await vi.waitFor(
      async () => {
        const { alerts } = (await call('GET', `/alerts?itemId=${item.id}`)) as AlertList;
        expect(alerts[0]?.state).toBe('failed');
        return alerts;
      },
      { timeout: 20_000, interval: 50 },
    );

    expect(failed).toMatchObject({ attempts: 3, email: null, lastError: match.stringContaining('could not be reached') });
    const pool = failingApp.app.get<Pool>(DATABASE_POOL);
    const { rows } = await pool.query<{ type: string; data: { attempts?: number } }>(
      `SELECT type, data FROM events WHERE stream_id LIKE 'low-stock-alert-%' ORDER BY position`,
    );
    expect(rows.map((row) => [row.type, row.data.attempts ?? null])).toEqual([
      ['LowStockAlertRaised', null],
      ['LowStockAlertFailed', 3],
    ]);
  });
});
