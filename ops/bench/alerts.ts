import { startFunctionHost } from '@ims/functions';
import { startSendGridStandIn } from '@ims/functions/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createApp } from '../../backend/src/app.factory';
import { loadConfig } from '../../backend/src/config/app-config';
import { migrateToLatest } from '../../db/src/migrate';
import { inParallel, startBenchCluster } from './bench-database';
import { printHeadline } from './present';

/**
 * Low-stock alerts end to end on a durable embedded PostgreSQL: ITEMS items each cross their
 * threshold once through POST /api/stock-movements, at once; the figures are how long until every
 * alert is raised (saga), and emailed and recorded (outbox, dispatcher, function host, SendGrid being
 * a local recording server), per alert from the commit of the movement that caused it.
 */

const ITEMS = 512;
const WORKERS = 32;
const FUNCTION_API_KEY = 'bench-function-key';
const MANAGER_PASSWORD = 'bench-stock-keeper-key-1';

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;
}

interface Stage {
  readonly name: string;
  readonly ms: readonly number[];
}

async function stages(url: string): Promise<Stage[]> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const { rows } = await db.query<{ raised_ms: number; delivered_ms: number }>(
      `SELECT extract(epoch FROM r.recorded_at - c.recorded_at) * 1000 AS raised_ms,
              extract(epoch FROM o.recorded_at - c.recorded_at) * 1000 AS delivered_ms
         FROM events r
         JOIN events c ON c.position = (r.data->>'causedByPosition')::bigint
         JOIN events o ON o.stream_id = r.stream_id AND o.stream_version = 2
        WHERE r.type = 'LowStockAlertRaised'`,
    );
    const sorted = (values: number[]) => values.map(Number).sort((a, b) => a - b);
    return [
      { name: 'movement committed → alert raised', ms: sorted(rows.map((row) => row.raised_ms)) },
      { name: 'movement committed → email sent and recorded', ms: sorted(rows.map((row) => row.delivered_ms)) },
    ];
  } finally {
    await db.end();
  }
}

async function countOutcomes(url: string): Promise<number> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE type = 'LowStockAlertSent'`);
    return rows[0]?.n ?? 0;
  } finally {
    await db.end();
  }
}

export async function run(): Promise<void> {
  const cluster = await startBenchCluster();
  const sendgrid = await startSendGridStandIn();
  const functionHost = await startFunctionHost({
    env: {
      FUNCTION_API_KEY,
      SENDGRID_API_KEY: 'SG.bench',
      SENDGRID_API_URL: sendgrid.url,
      ALERT_EMAIL_FROM: 'alerts@example.com',
      ALERT_EMAIL_TO: 'stock@example.com',
    },
  });
  const url = await cluster.database('alerts_bench');
  await migrateToLatest(url);
  const config = loadConfig({
    LOG_LEVEL: 'warn',
    JWT_SECRET: 'bench-secret-of-enough-length-0123456789',
    ADMIN_PASSWORD: MANAGER_PASSWORD,
    FUNCTION_URL: functionHost.url,
    FUNCTION_API_KEY,
  });
  const app = await createApp({ config, databaseUrl: url, embedded: false });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  try {
    const post = async <T>(path: string, token: string | undefined, body: unknown): Promise<T> => {
      const response = await fetch(`${baseUrl}/api${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`POST ${path} answered ${response.status}: ${await response.text()}`);
      return (await response.json()) as T;
    };
    const { accessToken } = await post<{ accessToken: string }>('/auth/login', undefined, {
      username: 'manager',
      password: MANAGER_PASSWORD,
    });
    const items: string[] = [];
    await inParallel(WORKERS, ITEMS / WORKERS, async () => {
      const item = await post<{ id: string }>('/items', accessToken, {
        sku: `BENCH-${randomUUID().slice(0, 8)}`,
        name: 'Bench item',
        quantity: 10,
        lowStockThreshold: 5,
      });
      items.push(item.id);
    });

    const started = performance.now();
    await inParallel(WORKERS, items.length / WORKERS, (worker, n) =>
      post('/stock-movements', accessToken, { itemId: items[worker * (items.length / WORKERS) + n], type: 'OUT', quantity: 6 }).then(
        () => undefined,
      ),
    );
    const moved = performance.now();
    while ((await countOutcomes(url)) < items.length) {
      if (performance.now() - started > 300_000) throw new Error('alerts not all delivered after 5 minutes');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const delivered = performance.now();

    console.log(`low-stock alerts: ${items.length} items crossing their threshold at once (${WORKERS} concurrent clients)`);
    console.log(`  movements posted in ${fmt(moved - started)} ms, every email sent and recorded after ${fmt(delivered - started)} ms`);
    console.log(
      `  ${fmt(items.length / ((delivered - started) / 1000))} alerts/s end to end; SendGrid received ${sendgrid.requests.length} emails`,
    );
    for (const stage of await stages(url)) {
      console.log(
        `  ${stage.name}: p50 ${fmt(percentile(stage.ms, 50))} ms, p99 ${fmt(percentile(stage.ms, 99))} ms, max ${fmt(stage.ms.at(-1) ?? NaN)} ms`,
      );
    }
    console.log('  (a 2-core machine shared with other work: figures are noisy)');
    printHeadline({
      alerts: items.length,
      alertsPerSecond: items.length / ((delivered - started) / 1000),
      deliveredMs: delivered - started,
    });
  } finally {
    await app.close();
    await functionHost.close();
    await sendgrid.close();
    await cluster.close();
  }
}
