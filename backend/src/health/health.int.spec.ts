import type { Pool } from 'pg';
import { authHeader, seededManager, tokenFor } from '../../../test/auth-helpers';
import { startTestApp, type TestApp } from '../../../test/test-app';
import { DATABASE_POOL } from '../database/database.module';
import { EventStore } from '../event-store/event-store';
import { LiveClient } from '../live/testing/live-client';
import { PENDING_ALERTS, type PendingAlertsSource } from './pending-alerts';
import type { ResourceHistory } from './resources/resource-sampler';
import type { SystemReport } from './system-report';
import { match } from '../../../test/matchers';

let testApp: TestApp;
let pool: Pool;

beforeAll(async () => {
  testApp = await startTestApp({ DOCKER_HOST: 'unix:///nonexistent/ims/docker.sock', IMS_HEALTH_SAMPLE_SECONDS: '1' });
  pool = testApp.app.get<Pool>(DATABASE_POOL);
});

afterAll(async () => {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- still unset when beforeAll failed before creating it
  await testApp?.close();
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${testApp.baseUrl}${path}`, { headers });

async function appendEvents(streamId: string, count: number): Promise<void> {
  const events = Array.from({ length: count }, (_, index) => ({ type: 'HealthTestHappened', data: { index } }));
  await testApp.app.get(EventStore).append({ streamId, expectedVersion: 0, events });
}

/** What the alerts module counts, or null while no module in this build provides PENDING_ALERTS. */
async function pendingAlertsCounted(): Promise<number | null> {
  let source: PendingAlertsSource;
  try {
    source = testApp.app.get<PendingAlertsSource>(PENDING_ALERTS, { strict: false });
  } catch {
    return null;
  }
  return source.countPending();
}

describe('GET /api/health', () => {
  it('answers 200 without a token when the database, the listener and the projectors are fine', async () => {
    const response = await get('/api/health');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toContain('no-store');
    expect(await response.json()).toMatchObject({
      status: 'ok',
      checks: { database: { status: 'up' }, listener: { status: 'up' }, projectors: { status: 'up' } },
    });
  });

  it('reports how far behind each checkpointed consumer is while it stays within the bound', async () => {
    await pool.query(`INSERT INTO checkpoints (name) VALUES ('health-test-idle')`);
    await appendEvents('health-test-behind', 3);
    const body = (await (await get('/api/health')).json()) as { checks: { projectors: { behind: Record<string, number> } } };
    expect(body.checks.projectors.behind['health-test-idle']).toBeGreaterThanOrEqual(3);
  });
});

describe('GET /api/health/system', () => {
  it('refuses a caller without a token and a staff member', async () => {
    expect((await get('/api/health/system')).status).toBe(401);
    const staff = await tokenFor(testApp, 'staff');
    const refused = await get('/api/health/system', authHeader(staff.token));
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
  });

  it("gives a manager the event store's size and rate, each projection's lag and the process figures", async () => {
    await appendEvents('health-test-system', 5);
    const manager = await seededManager(testApp);
    const response = await get('/api/health/system', authHeader(manager.token));
    expect(response.status).toBe(200);
    const report = (await response.json()) as SystemReport;
    const { rows } = await pool.query<{ events: number; head: number }>('SELECT count(*) AS events, max(position) AS head FROM events');
    expect(report.eventStore).toMatchObject({ events: rows[0]!.events, headPosition: rows[0]!.head });
    expect(report.eventStore.eventsLastMinute).toBe(rows[0]!.events);
    expect(report.eventStore.eventsPerSecond).toBeCloseTo(rows[0]!.events / 60, 1);
    expect(report.eventStore.tableBytes).toBeGreaterThan(0);
    expect(report.projections).toContainEqual(
      expect.objectContaining({ name: 'health-test-idle', behind: rows[0]!.events, lagging: false, behindSince: null }),
    );
    expect(report.lagBound).toEqual({ maxEvents: 1000, maxSeconds: 60 });
    expect(report.database.pool.total).toBeGreaterThan(0);
    const { rows: database } = await pool.query<{ size: number; max: number }>(
      `SELECT pg_database_size(current_database()) AS size, current_setting('max_connections')::int AS max`,
    );
    expect(report.database).toMatchObject({ serverVersion: match.stringMatching(/^15\./), maxConnections: database[0]!.max });
    expect(report.database.sizeBytes).toBeGreaterThan(0);
    expect(report.database.sizeBytes).toBeLessThanOrEqual(database[0]!.size);
    expect(report.database.connections).toBeGreaterThanOrEqual(report.database.pool.total - report.database.pool.idle);
    expect(report.database.connections).toBeGreaterThan(0);
    expect(report.process).toMatchObject({ pid: process.pid, nodeVersion: process.version, runsConsumers: true });
    expect(report.webSocketClients).toBe(0);
    expect(report.pendingAlerts).toBe(await pendingAlertsCounted());
    if (report.pendingAlerts === null) expect(report.notes.join('\n')).toMatch(/pendingAlerts is null/);
    expect(report.traffic.http).toContainEqual(
      match.objectContaining({ method: 'GET', route: '/api/health', status: '200', requests: match.any(Number) }),
    );
  });
});

describe('WebSocket clients in the system report and /metrics', () => {
  async function clientsCounted(): Promise<{ report: number; scraped: number }> {
    const manager = await seededManager(testApp);
    const report = (await (await get('/api/health/system', authHeader(manager.token))).json()) as SystemReport;
    const metrics = await (await get('/metrics')).text();
    const line = metrics.split('\n').find((candidate) => candidate.startsWith('ims_websocket_clients '));
    return { report: report.webSocketClients, scraped: Number(line?.split(' ')[1]) };
  }

  async function countedUntil(expected: number): Promise<{ report: number; scraped: number }> {
    let last = await clientsCounted();
    for (let attempt = 0; attempt < 40 && (last.report !== expected || last.scraped !== expected); attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      last = await clientsCounted();
    }
    return last;
  }

  it('count the sockets connected to this replica as they come and go', async () => {
    const [staff, manager] = [await tokenFor(testApp, 'staff'), await seededManager(testApp)];
    const first = await LiveClient.greeted(testApp.baseUrl, staff.token);
    const second = await LiveClient.greeted(testApp.baseUrl, manager.token);
    try {
      expect(await countedUntil(2)).toEqual({ report: 2, scraped: 2 });
      await first.close();
      expect(await countedUntil(1)).toEqual({ report: 1, scraped: 1 });
    } finally {
      await first.close();
      await second.close();
    }
    expect(await countedUntil(0)).toEqual({ report: 0, scraped: 0 });
  });
});

describe('GET /api/health/services without a Docker engine', () => {
  it('tells a manager the engine is unavailable and why', async () => {
    const manager = await seededManager(testApp);
    const response = await get('/api/health/services', authHeader(manager.token));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ available: false, reason: 'no Docker socket at /nonexistent/ims/docker.sock' });
    const logs = await get('/api/health/services/ims_api/logs?tail=5', authHeader(manager.token));
    expect(await logs.json()).toEqual({ available: false, reason: 'no Docker socket at /nonexistent/ims/docker.sock' });
  });

  it('accepts a tail of 1 to 1000 lines only', async () => {
    const manager = await seededManager(testApp);
    for (const tail of ['0', '1001', 'ten', '2.5']) {
      const response = await get(`/api/health/services/ims_api/logs?tail=${tail}`, authHeader(manager.token));
      expect(response.status, `tail=${tail}`).toBe(400);
      expect((await response.json()) as object).toMatchObject({ type: '/problems/validation' });
    }
    for (const tail of ['1', '1000']) {
      expect((await get(`/api/health/services/ims_api/logs?tail=${tail}`, authHeader(manager.token))).status).toBe(200);
    }
  });

  it('is for managers only', async () => {
    const staff = await tokenFor(testApp, 'staff');
    expect((await get('/api/health/services', authHeader(staff.token))).status).toBe(403);
    expect((await get('/api/health/services/ims_api/logs', authHeader(staff.token))).status).toBe(403);
  });
});

describe('GET /api/health/resources without a Docker engine', () => {
  async function historyWith(hostSamples: number): Promise<ResourceHistory> {
    const manager = await seededManager(testApp);
    for (let attempt = 0; ; attempt += 1) {
      const response = await get('/api/health/resources', authHeader(manager.token));
      expect(response.status).toBe(200);
      const history = (await response.json()) as ResourceHistory;
      if (history.host.samples.length >= hostSamples || attempt === 40) return history;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  it("gives a manager the host's samples every IMS_HEALTH_SAMPLE_SECONDS and says why there are no containers", async () => {
    const history = await historyWith(2);
    expect(history).toMatchObject({ sampledEverySeconds: 1, historySeconds: 3600 });
    expect(history.containers).toEqual({ available: false, reason: 'no Docker socket at /nonexistent/ims/docker.sock', items: [] });
    expect(history.host).toMatchObject({ available: true, reason: null });
    const [first, second] = history.host.samples.slice(-2);
    expect(Date.parse(second!.at) - Date.parse(first!.at)).toBeGreaterThanOrEqual(900);
    expect(second!.cpuPercent).toBeGreaterThanOrEqual(0);
    expect(second!.cpuPercent).toBeLessThanOrEqual(100);
    expect(second!.memoryUsedBytes).toBeGreaterThan(0);
    expect(second!.memoryUsedBytes).toBeLessThan(second!.memoryTotalBytes);
    for (const rate of [
      'diskReadBytesPerSecond',
      'diskWriteBytesPerSecond',
      'networkRxBytesPerSecond',
      'networkTxBytesPerSecond',
    ] as const) {
      expect(second![rate], rate).toBeGreaterThanOrEqual(0);
    }
  });

  it('is for managers only', async () => {
    expect((await get('/api/health/resources')).status).toBe(401);
    const staff = await tokenFor(testApp, 'staff');
    const refused = await get('/api/health/resources', authHeader(staff.token));
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
  });
});
