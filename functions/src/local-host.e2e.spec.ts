import { randomUUID } from 'node:crypto';
import { startSendGridStandIn, type SendGridStandIn } from '../test/sendgrid-stand-in';
import { HEALTH_PATH, LOW_STOCK_EMAIL_PATH, startFunctionHost, type FunctionHost } from './index';

const FUNCTION_API_KEY = 'host-key-for-tests';

let sendgrid: SendGridStandIn;
let functionHost: FunctionHost;

beforeEach(async () => {
  sendgrid = await startSendGridStandIn();
  functionHost = await startFunctionHost({
    port: 0,
    env: {
      FUNCTION_API_KEY,
      SENDGRID_API_KEY: 'SG.host-sendgrid-key',
      SENDGRID_API_URL: sendgrid.url,
      ALERT_EMAIL_FROM: 'alerts@example.com',
      ALERT_EMAIL_TO: 'stock@example.com',
    },
  });
});

afterEach(async () => {
  await functionHost.close();
  await sendgrid.close();
});

const alert = () => ({
  idempotencyKey: randomUUID(),
  itemId: randomUUID(),
  sku: 'TAPE-19',
  name: 'Insulating tape',
  quantity: 0,
  threshold: 2,
  raisedAt: '2025-03-01T10:15:00Z',
  position: 7,
});

const post = (body: string, headers: Record<string, string> = {}) =>
  fetch(functionHost.url, {
    method: 'POST',
    headers: { authorization: `Bearer ${FUNCTION_API_KEY}`, 'content-type': 'application/json', ...headers },
    body,
  });

describe('the function host', () => {
  it('serves the function at the web action path and sends the email', async () => {
    const sent = alert();

    const response = await post(JSON.stringify(sent));

    expect(new URL(functionHost.url).pathname).toBe(LOW_STOCK_EMAIL_PATH);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toMatchObject({
      status: 'sent',
      idempotencyKey: sent.idempotencyKey,
      email: { to: ['stock@example.com'], subject: 'Low stock: Insulating tape (TAPE-19) has 0 left' },
    });
    expect(sendgrid.requests).toHaveLength(1);
    expect(sendgrid.requests[0]?.authorization).toBe('Bearer SG.host-sendgrid-key');
  });

  it('passes the function refusals through as problem+json with their status and headers', async () => {
    const wrongKey = await post(JSON.stringify(alert()), { authorization: 'Bearer wrong' });
    const get = await fetch(functionHost.url);
    const notJson = await post('not json', { 'content-type': 'text/plain' });

    expect([wrongKey.status, get.status, notJson.status]).toEqual([401, 405, 400]);
    expect(wrongKey.headers.get('content-type')).toBe('application/problem+json');
    expect(get.headers.get('allow')).toBe('POST');
    expect(await notJson.json()).toMatchObject({ type: '/problems/validation', errors: [{ field: 'body' }] });
    expect(sendgrid.requests).toHaveLength(0);
  });

  it('answers 404 elsewhere and 200 on the health path', async () => {
    const origin = new URL(functionHost.url).origin;

    const elsewhere = await fetch(`${origin}/low-stock-email`, { method: 'POST' });
    const health = await fetch(`${origin}${HEALTH_PATH}`);

    expect(elsewhere.status).toBe(404);
    expect(await health.json()).toEqual({ status: 'ok' });
  });

  it('refuses a body far larger than an alert with 413', async () => {
    const response = await post(JSON.stringify({ ...alert(), name: 'x'.repeat(100_000) }));

    expect(response.status).toBe(413);
    expect(sendgrid.requests).toHaveLength(0);
  });
});
