import { appOnRestartablePostgres } from '../../../test/outage-app';
import { match } from '../../../test/matchers';

const outage = appOnRestartablePostgres();

interface Answer {
  readonly status: number;
  readonly contentType: string | null;
  readonly body: Record<string, unknown>;
}

async function health(): Promise<Answer> {
  const response = await fetch(`${outage.baseUrl}/api/health`);
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    body: (await response.json()) as Record<string, unknown>,
  };
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

    await outage.database.stop();
    const down = await healthUntil(503);
    expect(down.contentType).toContain('application/problem+json');
    expect(down.body).toMatchObject({
      type: '/problems/unavailable',
      status: 503,
      detail: match.stringMatching(/database: down \(.+\)/),
      down: match.arrayContaining(['database', 'projectors']),
      checks: { database: { status: 'down' } },
    });
    expect(down.body.detail).toMatch(/projectors: down \(checkpoints not read/);

    await outage.database.start();
    const up = await healthUntil(200);
    expect(up.body).toMatchObject({
      status: 'ok',
      checks: { database: { status: 'up' }, listener: { status: 'up' }, projectors: { status: 'up' } },
    });
  });
});
