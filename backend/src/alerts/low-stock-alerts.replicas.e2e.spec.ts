import { startFunctionHost, type FunctionHost } from '@ims/functions';
import { startSendGridStandIn, type SendGridStandIn } from '@ims/functions/testing';
import { CommandBus } from '@nestjs/cqrs';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { authHeader, seededManager } from '../../../test/auth-helpers';
import { startTestApp, type TestApp } from '../../../test/test-app';
import { createApp } from '../app.factory';
import { loadConfig } from '../config/app-config';
import { DATABASE_POOL } from '../database/database.module';
import { RaiseLowStockAlertCommand } from './commands/raise-low-stock-alert.command';
import type { AlertList } from './read-models/alert-view';

const FUNCTION_API_KEY = 'alerts-replicas-function-key';

let sendgrid: SendGridStandIn;
let functionHost: FunctionHost;
let first: TestApp;
let second: NestFastifyApplication;
let secondUrl: string;
let token: string;

beforeAll(async () => {
  sendgrid = await startSendGridStandIn();
  functionHost = await startFunctionHost({
    port: 0,
    env: {
      FUNCTION_API_KEY,
      SENDGRID_API_KEY: 'SG.replicas',
      SENDGRID_API_URL: sendgrid.url,
      ALERT_EMAIL_FROM: 'alerts@example.com',
      ALERT_EMAIL_TO: 'stock@example.com',
    },
  });
  const env = { FUNCTION_URL: functionHost.url, FUNCTION_API_KEY, ALERT_RETRY_BASE_MS: '100' };
  first = await startTestApp(env);
  // A second replica of the API on the same database, as Swarm runs several.
  const config = loadConfig({ JWT_SECRET: 'test-secret-of-enough-length-0123456789', ADMIN_PASSWORD: 'stock-keeper-key-1', ...env });
  second = await createApp({ config, databaseUrl: first.database.url, embedded: false });
  await second.listen(0, '127.0.0.1');
  const address = second.getHttpServer().address();
  secondUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  token = (await seededManager(first)).token;
});

afterAll(async () => {
  // Each is still unset when beforeAll failed before creating it, and the ones created before it must still go.
  /* eslint-disable @typescript-eslint/no-unnecessary-condition */
  await second?.close();
  await first?.close();
  await functionHost?.close();
  await sendgrid?.close();
  /* eslint-enable @typescript-eslint/no-unnecessary-condition */
});

async function api<T>(baseUrl: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}/api${path}`, {
    method,
    headers: { ...authHeader(token), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

describe('low-stock alerts on two API replicas', () => {
  it('raises one alert and sends one email per crossing, whichever replica applies, notices and delivers it', async () => {
    const replicas = [first.baseUrl, secondUrl];
    const items = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        api<{ id: string; sku: string }>(replicas[index % 2]!, 'POST', '/items', {
          sku: `REP-${randomUUID().slice(0, 8)}`,
          name: 'Relay',
          quantity: 10,
          lowStockThreshold: 4,
        }),
      ),
    );

    await Promise.all(
      items.flatMap((item, index) => [
        api(replicas[index % 2]!, 'POST', '/stock-movements', { itemId: item.id, type: 'OUT', quantity: 7 }),
        api(replicas[(index + 1) % 2]!, 'POST', '/stock-movements', { itemId: item.id, type: 'OUT', quantity: 1 }),
      ]),
    );

    const alerts = await vi.waitFor(
      async () => {
        const { alerts } = await api<AlertList>(first.baseUrl, 'GET', '/alerts?state=sent&limit=200');
        expect(alerts).toHaveLength(items.length);
        return alerts;
      },
      { timeout: 30_000, interval: 100 },
    );
    expect(new Set(alerts.map((alert) => alert.itemId))).toEqual(new Set(items.map((item) => item.id)));
    expect(sendgrid.requests).toHaveLength(items.length);
    for (const item of items) {
      expect(sendgrid.requests.filter((request) => request.body.subject.includes(`(${item.sku})`))).toHaveLength(1);
    }
  });

  it('appends one alert per crossing while both replicas and their sagas raise it at the same moment', async () => {
    const items = await Promise.all(
      Array.from({ length: 10 }, () =>
        api<{ id: string }>(first.baseUrl, 'POST', '/items', {
          sku: `RACE-${randomUUID().slice(0, 8)}`,
          name: 'Fuse',
          quantity: 5,
          lowStockThreshold: 2,
        }),
      ),
    );

    const results = await Promise.all(
      items.map(async (item) => {
        await api(secondUrl, 'POST', '/stock-movements', { itemId: item.id, type: 'OUT', quantity: 4 });
        return Promise.all([first.app, second].map((app) => app.get(CommandBus).execute(new RaiseLowStockAlertCommand(item.id))));
      }),
    );

    for (const raisedBy of results) expect(raisedBy.filter((result) => result === 'raised').length).toBeLessThanOrEqual(1);
    const { rows } = await first.app
      .get<Pool>(DATABASE_POOL)
      .query<{ item_id: string; n: number }>(
        `SELECT data->>'itemId' AS item_id, count(*)::int AS n FROM events WHERE type = 'LowStockAlertRaised' AND data->>'itemId' = ANY($1) GROUP BY 1`,
        [items.map((item) => item.id)],
      );
    expect(rows).toHaveLength(items.length);
    expect(rows.every((row) => row.n === 1)).toBe(true);
  });
});
