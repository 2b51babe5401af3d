import type { Pool } from 'pg';
import { authHeader, seededManager } from '../../../test/auth-helpers';
import { startTestApp, type TestApp } from '../../../test/test-app';
import { DATABASE_POOL } from '../database/database.module';
import { EventStore } from '../event-store/event-store';
import { Metrics } from './metrics';

let testApp: TestApp;

beforeAll(async () => {
  testApp = await startTestApp({ DOCKER_HOST: 'unix:///nonexistent/ims/docker.sock' });
});

afterAll(async () => {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- still unset when beforeAll failed before creating it
  await testApp?.close();
});

async function scrape(): Promise<string> {
  const response = await fetch(`${testApp.baseUrl}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain;.*version=0\.0\.4/);
  return response.text();
}

/** The value of one sample line, e.g. `ims_websocket_clients 3`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics', () => {
  it('is served without a token and outside the /api prefix', async () => {
    expect((await fetch(`${testApp.baseUrl}/api/metrics`)).status).not.toBe(200);
    expect(await scrape()).toContain('# TYPE ims_http_request_duration_seconds histogram');
  });

  it('times requests by route pattern, method and status, never by raw URL', async () => {
    const unmatched = 'ims_http_request_duration_seconds_count{method="GET",route="(unmatched)",status="404"}';
    const unmatchedBefore = sample(await scrape(), unmatched) ?? 0;
    const manager = await seededManager(testApp);
    for (const name of ['ims_api', 'ims_frontend']) {
      await fetch(`${testApp.baseUrl}/api/health/services/${name}/logs?tail=3`, { headers: authHeader(manager.token) });
    }
    await fetch(`${testApp.baseUrl}/api/health`);
    await fetch(`${testApp.baseUrl}/api/no-such-thing/42`);
    const text = await scrape();
    expect(sample(text, 'ims_http_request_duration_seconds_count{method="GET",route="/api/health/services/:name/logs",status="200"}')).toBe(
      2,
    );
    expect(sample(text, 'ims_http_request_duration_seconds_count{method="GET",route="/api/health",status="200"}')).toBeGreaterThanOrEqual(
      1,
    );
    expect(sample(text, unmatched)).toBe(unmatchedBefore + 1);
    expect(text).toMatch(/^ims_http_request_duration_seconds_bucket\{le="0\.005",method="GET",route="\/api\/health",status="200"\} \d+$/m);
    expect(text).not.toContain('ims_frontend');
  });

  it('counts the inventory commands it runs by type and outcome, and the events they append by type', async () => {
    const before = await scrape();
    const count = (text: string, series: string) => sample(text, series) ?? 0;
    const manager = await seededManager(testApp);
    const post = (path: string, body: object) =>
      fetch(`${testApp.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...authHeader(manager.token) },
        body: JSON.stringify(body),
      });
    const created = await post('/api/items', { sku: `MET-${Date.now()}`, name: 'Counted item', quantity: 2 });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect((await post('/api/stock-movements', { itemId: id, type: 'IN', quantity: 5 })).status).toBe(201);
    expect((await post('/api/stock-movements', { itemId: id, type: 'OUT', quantity: 50 })).status).toBe(409);

    const after = await scrape();
    const grew = (series: string) => count(after, series) - count(before, series);
    expect(grew('ims_commands_total{type="CreateItem",outcome="accepted"}')).toBe(1);
    expect(grew('ims_commands_total{type="ReceiveStock",outcome="accepted"}')).toBe(1);
    expect(grew('ims_commands_total{type="IssueStock",outcome="refused"}')).toBe(1);
    expect(grew('ims_events_appended_total{type="ItemChanged"}')).toBe(1);
    expect(grew('ims_events_appended_total{type="StockMoved"}')).toBe(1);
  });

  it('counts what other modules report: commands, appended events, WebSocket clients and alert outcomes', async () => {
    const before = await scrape();
    const grew = (text: string, series: string) => (sample(text, series) ?? 0) - (sample(before, series) ?? 0);
    const metrics = testApp.app.get(Metrics);
    metrics.countCommand('ReceiveStock', 'accepted');
    metrics.countCommand('ReceiveStock', 'accepted');
    metrics.countCommand('IssueStock', 'refused');
    metrics.countAppendedEvents([{ type: 'StockReceived' }, { type: 'StockReceived' }, { type: 'ItemCreated' }]);
    metrics.setWebSocketClients(4);
    metrics.countAlertOutcome('sent');
    const text = await scrape();
    expect(grew(text, 'ims_commands_total{type="ReceiveStock",outcome="accepted"}')).toBe(2);
    expect(grew(text, 'ims_commands_total{type="IssueStock",outcome="refused"}')).toBe(1);
    expect(grew(text, 'ims_events_appended_total{type="StockReceived"}')).toBe(2);
    expect(grew(text, 'ims_events_appended_total{type="ItemCreated"}')).toBe(1);
    expect(sample(text, 'ims_websocket_clients')).toBe(4);
    expect(grew(text, 'ims_alert_outcomes_total{outcome="sent"}')).toBe(1);
  });

  it("reads each consumer's lag behind the events table when scraped", async () => {
    const pool = testApp.app.get<Pool>(DATABASE_POOL);
    await pool.query(`INSERT INTO checkpoints (name) VALUES ('metrics-test-idle')`);
    const before = sample(await scrape(), 'ims_projection_lag_events{projection="metrics-test-idle"}');
    const events = Array.from({ length: 4 }, (_, index) => ({ type: 'MetricsTestHappened', data: { index } }));
    await testApp.app.get(EventStore).append({ streamId: 'metrics-test', expectedVersion: 0, events });
    expect(sample(await scrape(), 'ims_projection_lag_events{projection="metrics-test-idle"}')).toBe(before! + 4);
  });

  it('reports the database pool and the event loop', async () => {
    const text = await scrape();
    expect(sample(text, 'ims_db_pool_clients{state="total"}')).toBeGreaterThan(0);
    expect(sample(text, 'ims_db_pool_clients{state="idle"}')).toEqual(expect.any(Number));
    expect(sample(text, 'ims_db_pool_clients{state="waiting"}')).toEqual(expect.any(Number));
    expect(sample(text, 'nodejs_eventloop_lag_p99_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });
});
