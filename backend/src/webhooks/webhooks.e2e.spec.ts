import type { Pool } from 'pg';
import { Webhook } from 'standardwebhooks';
import { seededManager, tokenFor } from '../../../test/auth-helpers';
import { callJson, type JsonAnswer } from '../../../test/json-api';
import { startTestApp, type TestApp } from '../../../test/test-app';
import { ALL_PROJECTIONS } from '../all-projections';
import { DATABASE_POOL } from '../database/database.module';
import { MAIN_LOCATION_ID } from '../inventory';
import { replayProjections } from '../projections';
import { WebhookReceiver, type ReceivedWebhook } from './testing/webhook-receiver';

interface Created {
  id: string;
  url: string;
  events: string[];
  active: boolean;
  format: string;
  secret: string;
  disabledReason: string | null;
}
interface Delivery {
  id: string;
  eventType: string;
  position: number | null;
  state: string;
  attempts: number;
  responseStatus: number | null;
  durationMs: number | null;
  lastError: string | null;
}
interface Payload {
  type: string;
  timestamp: string;
  position: number;
  data: { movement: { id: string; quantity: number; quantityAfter: number }; item: { sku: string } };
}

let testApp: TestApp;
let pool: Pool;
let manager: string;
const receiver = new WebhookReceiver();

beforeAll(async () => {
  await receiver.start();
  // Only the test's own receiver is allowed: 127.0.0.1, not ::1 or any other private network.
  testApp = await startTestApp({ WEBHOOK_ALLOW_PRIVATE: '127.0.0.1/32', WEBHOOK_RETRY_BASE_MS: '100', WEBHOOK_RETRY_MAX_MS: '400' });
  pool = testApp.app.get<Pool>(DATABASE_POOL);
  manager = (await seededManager(testApp)).token;
});

afterAll(async () => {
  // Each is still unset when beforeAll failed before creating it.
  /* eslint-disable @typescript-eslint/no-unnecessary-condition */
  await testApp?.close();
  await receiver.stop();
  /* eslint-enable @typescript-eslint/no-unnecessary-condition */
});

const call = <T>(method: string, path: string, body?: unknown, token = manager): Promise<JsonAnswer<T>> =>
  callJson<T>(`${testApp.baseUrl}/api${path}`, method, { token, body });

let names = 0;
async function subscribe(path: string, events: string[], format?: string): Promise<Created> {
  const answer = await call<Created>('POST', '/webhooks', { url: `${receiver.url}${path}`, events, ...(format && { format }) });
  expect(answer.status).toBe(201);
  return answer.body;
}

async function newItem(): Promise<string> {
  names += 1;
  const answer = await call<{ id: string }>('POST', '/items', { sku: `WH-${Date.now()}-${names}`, name: `Hooked ${names}` });
  expect(answer.status).toBe(201);
  return answer.body.id;
}

async function move(itemId: string, quantity: number): Promise<string> {
  const answer = await call<{ movement: { id: string } }>('POST', '/stock-movements', { itemId, type: 'IN', quantity });
  expect(answer.status).toBe(201);
  return answer.body.movement.id;
}

const deliveriesOf = async (webhookId: string) =>
  (await call<{ deliveries: Delivery[] }>('GET', `/webhooks/${webhookId}/deliveries`)).body.deliveries;

const verified = (secret: string, request: ReceivedWebhook) =>
  new Webhook(secret).verify(request.body, request.headers as Record<string, string>) as Payload;

describe('webhooks', () => {
  it('creates a subscription with its secret shown once, signs each delivery per Standard Webhooks, and logs it', async () => {
    const webhook = await subscribe('/signed', ['stock.moved']);
    expect(webhook).toMatchObject({ events: ['stock.moved'], active: true, format: 'standard' });
    expect(webhook.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    const listed = await call<{ webhooks: Record<string, unknown>[] }>('GET', '/webhooks');
    expect(listed.body.webhooks.find((each) => each.id === webhook.id)).not.toHaveProperty('secret');

    const itemId = await newItem();
    const movementId = await move(itemId, 4);

    const [request] = await vi.waitFor(() => {
      const arrived = receiver.at('/signed');
      expect(arrived).toHaveLength(1);
      return arrived;
    });
    const payload = verified(webhook.secret, request!);
    expect(payload).toMatchObject({ type: 'stock.moved', data: { movement: { id: movementId, quantity: 4, quantityAfter: 4 } } });
    expect(() => new Webhook(webhook.secret).verify(`${request!.body} `, request!.headers as Record<string, string>)).toThrow();

    const [logged] = await vi.waitFor(async () => {
      const deliveries = await deliveriesOf(webhook.id);
      expect(deliveries[0]?.state).toBe('delivered');
      return deliveries;
    });
    expect(logged).toMatchObject({ id: request!.headers['webhook-id'], eventType: 'stock.moved', responseStatus: 200, attempts: 1 });
    expect(logged!.durationMs).toEqual(expect.any(Number));
    expect(logged!.position).toBe(payload.position);
  });

  it('delivers what happened while the receiver was down once it is back, in order, with the same webhook-id on every retry', async () => {
    const webhook = await subscribe('/outage', ['stock.moved', 'item.*']);
    await receiver.stop();
    const itemId = await newItem();
    const movements = [await move(itemId, 1), await move(itemId, 2), await move(itemId, 3)];
    await vi.waitFor(async () => expect((await deliveriesOf(webhook.id)).at(-1)?.attempts).toBeGreaterThanOrEqual(3), { timeout: 10_000 });

    // Back, but failing twice more: those retries must carry the head's webhook-id.
    let failures = 2;
    receiver.answer = (path) => (path !== '/outage' ? { status: 200 } : failures-- > 0 ? { status: 503 } : { status: 204 });
    await receiver.start();
    const arrived = await vi.waitFor(
      () => {
        const delivered = receiver.at('/outage').filter(({ status }) => status === 204);
        expect(delivered).toHaveLength(4);
        return receiver.at('/outage');
      },
      { timeout: 10_000 },
    );
    receiver.answer = () => ({ status: 200 });

    const payloads = arrived.map((request) => verified(webhook.secret, request));
    const ids = arrived.map(({ headers }) => headers['webhook-id']);
    expect(ids.slice(0, 3)).toEqual([ids[0], ids[0], ids[0]]);
    expect(new Set(ids.slice(2)).size).toBe(4);
    const delivered = payloads.slice(2);
    expect(delivered.map(({ type }) => type)).toEqual(['item.created', 'stock.moved', 'stock.moved', 'stock.moved']);
    expect(delivered.slice(1).map(({ data }) => data.movement.id)).toEqual(movements);
    const positions = delivered.map(({ position }) => position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));

    const log = await deliveriesOf(webhook.id);
    expect(log.map(({ state }) => state)).toEqual(['delivered', 'delivered', 'delivered', 'delivered']);
    expect(log.at(-1)!.attempts).toBeGreaterThanOrEqual(5);
  });

  it('sends nothing again for a replay of the read models, and goes on with what comes after it', async () => {
    const webhook = await subscribe('/replay', ['stock.moved']);
    const itemId = await newItem();
    await move(itemId, 5);
    await vi.waitFor(() => expect(receiver.at('/replay')).toHaveLength(1));

    const replayed = await replayProjections(pool, ALL_PROJECTIONS);
    expect(replayed.reduce((sum, { events }) => sum + events, 0)).toBeGreaterThan(0);
    const after = await move(itemId, 6);

    await vi.waitFor(() => expect(receiver.at('/replay')).toHaveLength(2));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const received = receiver.at('/replay').map((request) => verified(webhook.secret, request));
    expect(received).toHaveLength(2);
    expect(received[1]!.data.movement.id).toBe(after);
    expect(await deliveriesOf(webhook.id)).toHaveLength(2);
  });

  it('follows no redirect: a 3xx is a failed attempt and the place it points to gets nothing', async () => {
    receiver.answer = (path) => (path === '/moved' ? { status: 302, headers: { location: `${receiver.url}/elsewhere` } } : { status: 200 });
    try {
      const webhook = await subscribe('/moved', ['stock.moved']);
      await call('POST', `/webhooks/${webhook.id}/test`);
      const [logged] = await vi.waitFor(async () => {
        const deliveries = await deliveriesOf(webhook.id);
        expect(deliveries[0]?.attempts).toBeGreaterThanOrEqual(2);
        return deliveries;
      });
      expect(logged).toMatchObject({ state: 'pending', responseStatus: 302, lastError: 'redirect (302) not followed' });
      expect(receiver.at('/elsewhere')).toEqual([]);
      await call('PATCH', `/webhooks/${webhook.id}`, { active: false });
    } finally {
      receiver.answer = () => ({ status: 200 });
    }
  });

  it('"send test" and Redeliver send the same message under the same webhook-id; Slack format sends {text}', async () => {
    const webhook = await subscribe('/chat', ['alert.low_stock'], 'slack');
    const test = await call<Delivery>('POST', `/webhooks/${webhook.id}/test`);
    expect(test.status).toBe(202);
    expect(test.body).toMatchObject({ eventType: 'webhook.test', state: 'pending' });
    await vi.waitFor(() => expect(receiver.at('/chat')).toHaveLength(1));
    await vi.waitFor(async () => expect((await deliveriesOf(webhook.id))[0]?.state).toBe('delivered'));

    const again = await call<Delivery>('POST', `/webhooks/${webhook.id}/deliveries/${test.body.id}/redeliver`);
    expect(again.status).toBe(202);
    const [first, second] = await vi.waitFor(() => {
      const arrived = receiver.at('/chat');
      expect(arrived).toHaveLength(2);
      return arrived;
    });
    expect(JSON.parse(first!.body)).toEqual({ text: 'IMS test message: this webhook works.' });
    expect(second!.body).toBe(first!.body);
    expect([first!.headers['webhook-id'], second!.headers['webhook-id']]).toEqual([test.body.id, test.body.id]);
    verified(webhook.secret, second!);
  });

  it('sends alert.low_stock once per alert, when it is raised, not again for its email outcome', async () => {
    const webhook = await subscribe('/alerts', ['alert.low_stock'], 'slack');
    const item = await call<{ id: string; sku: string }>('POST', '/items', {
      sku: `WH-LOW-${Date.now()}`,
      name: 'Runs low',
      lowStockThreshold: 5,
    });
    await move(item.body.id, 10);
    const out = await call('POST', '/stock-movements', { itemId: item.body.id, type: 'OUT', quantity: 8 });
    expect(out.status).toBe(201);

    await vi.waitFor(() => expect(receiver.at('/alerts')).toHaveLength(1));
    await vi.waitFor(async () => {
      const alerts = await call<{ alerts: { itemId: string; state: string }[] }>('GET', `/alerts?itemId=${item.body.id}`);
      expect(alerts.body.alerts.map(({ state }) => state)).toEqual(['preview']);
    });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const received = receiver.at('/alerts');
    expect(received).toHaveLength(1);
    expect(JSON.parse(received[0]!.body)).toEqual({ text: `Low stock: ${item.body.sku} "Runs low" is at 2 (threshold 5)` });
    expect((await deliveriesOf(webhook.id)).map(({ eventType }) => eventType)).toEqual(['alert.low_stock']);
  });

  it('sends stocktake.posted once when a stocktake is posted, nothing for its opening and counts', async () => {
    const webhook = await subscribe('/stocktakes', ['stocktake.posted']);
    const itemId = await newItem();
    await move(itemId, 10);
    const opened = await call<{ id: string }>('POST', '/stocktakes', { locationId: MAIN_LOCATION_ID, itemIds: [itemId] });
    expect(opened.status).toBe(201);
    expect((await call('PUT', `/stocktakes/${opened.body.id}/lines/${itemId}`, { counted: 7 })).status).toBe(200);
    expect((await call('POST', `/stocktakes/${opened.body.id}/post`)).status).toBe(200);

    await vi.waitFor(() => expect(receiver.at('/stocktakes')).toHaveLength(1));
    const received = receiver.at('/stocktakes')[0]!;
    const payload = new Webhook(webhook.secret).verify(received.body, received.headers as Record<string, string>) as {
      type: string;
      data: { id: string; kind: string };
    };
    expect([payload.type, payload.data.id, payload.data.kind]).toEqual(['stocktake.posted', opened.body.id, 'posted']);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await deliveriesOf(webhook.id)).map(({ eventType }) => eventType)).toEqual(['stocktake.posted']);
  });

  it('gives a delivery up after its retry window and disables the subscription, with a WebhookDisabled event for managers', async () => {
    receiver.answer = (path) => (path === '/broken' ? { status: 500 } : { status: 200 });
    try {
      const webhook = await subscribe('/broken', ['stock.moved']);
      const test = await call<Delivery>('POST', `/webhooks/${webhook.id}/test`);
      await vi.waitFor(async () => expect((await deliveriesOf(webhook.id))[0]?.attempts).toBeGreaterThanOrEqual(2));
      // The 24 hours pass.
      await pool.query(`UPDATE webhook_deliveries SET give_up_at = now() WHERE id = $1`, [test.body.id]);

      const disabled = await vi.waitFor(async () => {
        const answer = await call<Created>('GET', `/webhooks/${webhook.id}`);
        expect(answer.body.active).toBe(false);
        return answer.body;
      });
      expect(disabled.disabledReason).toContain('answered 500');
      expect((await deliveriesOf(webhook.id))[0]).toMatchObject({ state: 'failed', responseStatus: 500 });
      const events = await call<{ events: { type: string; data: Record<string, unknown> }[] }>(
        'GET',
        `/events?streamId=webhook-${webhook.id}`,
      );
      expect(events.body.events.map(({ type, data }) => [type, data.webhookId, data.deliveryId])).toEqual([
        ['WebhookDisabled', webhook.id, test.body.id],
      ]);

      // Nothing is queued for it while it is disabled.
      const before = (await deliveriesOf(webhook.id)).length;
      await move(await newItem(), 1);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(await deliveriesOf(webhook.id)).toHaveLength(before);
    } finally {
      receiver.answer = () => ({ status: 200 });
    }
  });

  it('refuses URLs resolving to private, loopback or link-local addresses outside WEBHOOK_ALLOW_PRIVATE, with problem+json and nothing saved', async () => {
    const before = (await call<{ webhooks: unknown[] }>('GET', '/webhooks')).body.webhooks.length;
    for (const url of [
      'http://10.1.2.3/hook',
      'http://192.168.1.10/hook',
      'http://169.254.169.254/latest/meta-data',
      'http://127.0.0.2/hook',
      'http://[::1]/hook',
      'http://[fe80::1]/hook',
      'http://[fd00::1]/hook',
      'http://[::ffff:10.0.0.1]/hook',
      'http://0.0.0.0/hook',
    ]) {
      const answer = await call<{ type: string; errors?: { field: string }[] }>('POST', '/webhooks', { url, events: ['stock.moved'] });
      expect([url, answer.status, answer.type?.split(';')[0], answer.body.type, answer.body.errors?.[0]?.field]).toEqual([
        url,
        400,
        'application/problem+json',
        '/problems/validation',
        'url',
      ]);
    }
    const webhook = await subscribe('/ok', ['stock.moved']);
    const moved = await call<{ type: string }>('PATCH', `/webhooks/${webhook.id}`, { url: 'http://172.16.0.1/hook' });
    expect([moved.status, moved.body.type]).toEqual([400, '/problems/validation']);
    expect((await call<Created>('GET', `/webhooks/${webhook.id}`)).body.url).toBe(`${receiver.url}/ok`);
    expect((await call<{ webhooks: unknown[] }>('GET', '/webhooks')).body.webhooks).toHaveLength(before + 1);
  });

  it('refuses bad input with problem+json and leaves webhooks to managers', async () => {
    for (const body of [
      { url: 'ftp://example.com/x', events: ['stock.moved'] },
      { url: `${receiver.url}/x`, events: [] },
      { url: `${receiver.url}/x`, events: ['stock.exploded'] },
      { url: `${receiver.url}/x`, events: ['stock.moved'], format: 'teams' },
    ]) {
      const answer = await call<{ type: string }>('POST', '/webhooks', body);
      expect([answer.status, answer.body.type]).toEqual([400, '/problems/validation']);
    }
    const staff = (await tokenFor(testApp, 'staff')).token;
    expect((await call('GET', '/webhooks', undefined, staff)).status).toBe(403);
    expect((await call('GET', '/webhooks/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });
});
