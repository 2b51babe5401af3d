import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { startRestartablePostgres, type RestartablePostgres } from '../../../test/restartable-postgres';
import { createApp } from '../app.factory';
import { loadConfig } from '../config/app-config';

// Its own PostgreSQL, since this test stops it: the shared test cluster serves every other file.
let database: RestartablePostgres;
let app: NestFastifyApplication | undefined;
let baseUrl: string;

beforeAll(async () => {
  database = await startRestartablePostgres();
  const config = loadConfig({ JWT_SECRET: 'test-secret-of-enough-length-0123456789', ADMIN_PASSWORD: 'stock-keeper-key-1' });
  app = await createApp({ config, databaseUrl: database.url, embedded: false });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(async () => {
  await app?.close();
  await database?.remove();
});

interface Answer {
  readonly status: number;
  readonly contentType: string | null;
  readonly body: Record<string, unknown>;
}

async function health(): Promise<Answer> {
  const response = await fetch(`${baseUrl}/api/health`);
  return { status: response.status, contentType: response.headers.get('content-type'), body: (await response.json()) as Record<string, unknown> };
}

/** Asks until the answer has `status`: the listener reconnects on its own schedule. */
async function healthUntil(status: number): Promise<Answer> {
  let last: Answer | undefined;
  for (let attempt = 0; attempt < 120; attempt += 1) {
    last = await health();
    if (last.status === status) return last;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`health never answered ${status}; last: ${JSON.stringify(last)}`);
}

describe('GET /api/health through a database outage', () => {
  it('answers 200, then 503 with the reasons while PostgreSQL is stopped, then 200 once it is back', async () => {
    expect((await health()).status).toBe(200);

    await database.stop();
    const down = await healthUntil(503);
    expect(down.contentType).toContain('application/problem+json');
    expect(down.body).toMatchObject({
      type: '/problems/unavailable',
      status: 503,
      detail: expect.stringMatching(/database: down \(.+\)/),
      checks: { database: { status: 'down' } },
    });
    expect(down.body.detail).toMatch(/projectors: down \(checkpoints not read/);

    await database.start();
    const up = await healthUntil(200);
    expect(up.body).toMatchObject({
      status: 'ok',
      checks: { database: { status: 'up' }, listener: { status: 'up' }, projectors: { status: 'up' } },
    });
  });
});
