import { Logger } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { request as httpRequest } from 'node:http';
import type { Pool } from 'pg';
import { authHeader, SEEDED_MANAGER, seededManager } from '../../../../test/auth-helpers';
import { startTestApp, type TestApp } from '../../../../test/test-app';
import { DATABASE_POOL } from '../../database/database.module';
import { CORRELATION_HEADER } from './correlation';

let testApp: TestApp;

beforeAll(async () => {
  // The log tests read info lines.
  testApp = await startTestApp({ LOG_LEVEL: 'info', DOCKER_HOST: 'unix:///nonexistent/ims/docker.sock' });
});

afterAll(async () => {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- still unset when beforeAll failed before creating it
  await testApp?.close();
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function createItem(headers: Record<string, string>): Promise<{ id: string; correlationId: string | null }> {
  const manager = await seededManager(testApp);
  const sku = `CORR-${Math.random().toString(36).slice(2, 10)}`;
  const response = await fetch(`${testApp.baseUrl}/api/items`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authHeader(manager.token), ...headers },
    body: JSON.stringify({ sku, name: 'Correlated item', quantity: 3 }),
  });
  expect(response.status).toBe(201);
  const item = (await response.json()) as { id: string };
  return { id: item.id, correlationId: response.headers.get(CORRELATION_HEADER) };
}

async function correlationIdsOfStream(streamId: string): Promise<string[]> {
  const pool = testApp.app.get<Pool>(DATABASE_POOL);
  const { rows } = await pool.query<{ id: string }>(
    `SELECT metadata->>'correlationId' AS id FROM events WHERE stream_id = $1 ORDER BY stream_version`,
    [streamId],
  );
  return rows.map((row) => row.id);
}

/** Everything written to stdout (where the JSON logs go) while `work` runs, one parsed object a line. */
async function logsDuring(work: () => Promise<void>): Promise<{ text: string; lines: Record<string, unknown>[] }> {
  const written: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  });
  try {
    await work();
  } finally {
    spy.mockRestore();
  }
  const text = written.join('');
  const lines = text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { text, lines };
}

describe('the correlation id', () => {
  it("is taken from the request's X-Correlation-Id, returned in the response and stored in the event's metadata", async () => {
    const item = await createItem({ [CORRELATION_HEADER]: 'checkout-7f3a.retry:2' });
    expect(item.correlationId).toBe('checkout-7f3a.retry:2');
    expect(await correlationIdsOfStream(`item-${item.id}`)).toEqual(['checkout-7f3a.retry:2']);
  });

  it('is generated when the request has none, and the event carries the one the response names', async () => {
    const item = await createItem({});
    expect(item.correlationId).toMatch(UUID);
    expect(await correlationIdsOfStream(`item-${item.id}`)).toEqual([item.correlationId]);
  });

  it('replaces a header that is not a plain token, so nothing odd reaches logs or events', async () => {
    for (const refused of ['two words', 'x'.repeat(129), 'line\\nbreak', '{"json":1}']) {
      const response = await fetch(`${testApp.baseUrl}/api/health`, { headers: { [CORRELATION_HEADER]: refused } });
      expect(response.headers.get(CORRELATION_HEADER), refused).toMatch(UUID);
    }
  });
});

describe('the JSON logs', () => {
  it("name the request's correlation id on the line that records it", async () => {
    const { lines } = await logsDuring(async () => {
      await createItem({ [CORRELATION_HEADER]: 'logged-request-1' });
    });
    expect(lines).toContainEqual(
      expect.objectContaining({
        msg: 'request completed',
        correlationId: 'logged-request-1',
        req: { method: 'POST', url: '/api/items' },
        res: { statusCode: 201 },
      }),
    );
  });

  it('record a request its client gave up on, once, with its correlation id', async () => {
    const manager = await seededManager(testApp);
    const { lines } = await logsDuring(async () => {
      // The body is announced longer than what is sent: the server waits for the rest, and the client leaves.
      const request = httpRequest(`${testApp.baseUrl}/api/items`, {
        method: 'POST',
        headers: {
          ...authHeader(manager.token),
          [CORRELATION_HEADER]: 'abandoned-request-1',
          'content-type': 'application/json',
          'content-length': '100',
        },
      });
      request.on('error', () => undefined);
      request.write('{"sku":');
      await new Promise((resolve) => setTimeout(resolve, 100));
      request.destroy();
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    expect(lines.filter((line) => line.correlationId === 'abandoned-request-1')).toEqual([
      expect.objectContaining({ msg: 'request aborted', req: { method: 'POST', url: '/api/items' } }),
    ]);
  });

  it("name the request's correlation id on the line that logs its unexpected failure, and the request's line once", async () => {
    const manager = await seededManager(testApp);
    const queries = testApp.app.get(QueryBus);
    const failing = vi.spyOn(queries, 'execute').mockRejectedValueOnce(new Error('the read model vanished'));
    try {
      const { lines } = await logsDuring(async () => {
        const response = await fetch(`${testApp.baseUrl}/api/items`, {
          headers: { ...authHeader(manager.token), [CORRELATION_HEADER]: 'failing-request-1' },
        });
        expect(response.status).toBe(500);
        expect(await response.text()).not.toContain('vanished');
      });
      const problems = lines.filter((line) => line.context === 'Problem');
      expect(problems).toEqual([expect.objectContaining({ correlationId: 'failing-request-1' })]);
      expect(problems[0]?.msg).toContain('the read model vanished');
      const requestLines = lines.filter((line) => (line.req as { url?: string } | undefined)?.url === '/api/items');
      expect(requestLines).toEqual([expect.objectContaining({ correlationId: 'failing-request-1', res: { statusCode: 500 } })]);
    } finally {
      failing.mockRestore();
    }
  });

  it('never contain passwords, tokens or the Authorization header', async () => {
    const manager = await seededManager(testApp);
    const { text, lines } = await logsDuring(async () => {
      await fetch(`${testApp.baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [CORRELATION_HEADER]: 'secret-check' },
        body: JSON.stringify(SEEDED_MANAGER),
      });
      await fetch(`${testApp.baseUrl}/api/auth/me?token=${manager.token}`, { headers: authHeader(manager.token) });
      new Logger('Careless').warn({ msg: 'about to sign in', password: SEEDED_MANAGER.password, accessToken: manager.token });
    });
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(text).not.toContain(SEEDED_MANAGER.password);
    expect(text).not.toContain(manager.token);
    expect(text).not.toMatch(/bearer/i);
    expect(lines).toContainEqual(expect.objectContaining({ req: { method: 'GET', url: '/api/auth/me?token=[redacted]' } }));
    expect(lines).toContainEqual(expect.objectContaining({ password: '[redacted]', accessToken: '[redacted]' }));
  });
});
