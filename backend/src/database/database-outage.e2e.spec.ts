import { authHeader, loginAs, SEEDED_MANAGER } from '../../../test/auth-helpers';
import { appOnRestartablePostgres } from '../../../test/outage-app';
import { match } from '../../../test/matchers';

const outage = appOnRestartablePostgres();

const send = (method: string, path: string, token?: string, body?: unknown) =>
  fetch(`${outage.baseUrl}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? authHeader(token) : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

const movement = (itemId: string) => ({ itemId, type: 'IN', quantity: 1, reason: 'outage test' });

async function expectDatabaseUnavailable(response: Response, what: string): Promise<void> {
  const body = await response.text();
  expect({ what, status: response.status, body }).toMatchObject({ what, status: 503 });
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(JSON.parse(body)).toMatchObject({
    type: '/problems/service-unavailable',
    status: 503,
    detail: match.stringMatching(/database/i),
  });
}

/** The first answer other than 503; every 503 on the way must be the database-unavailable problem. */
async function onceBack(request: () => Promise<Response>): Promise<Response> {
  for (let attempt = 0; attempt < 60; attempt += 1) {
    const response = await request();
    if (response.status !== 503) return response;
    await expectDatabaseUnavailable(response, 'while PostgreSQL starts');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('the API still answered 503 fifteen seconds after PostgreSQL started');
}

describe('signed-in traffic through a database outage', () => {
  // A test that fails midway leaves the database stopped; the next one starts from a running one.
  beforeEach(() => outage.database.start());

  it('answers 503 service-unavailable with Retry-After while PostgreSQL is down, never 401 or 500, and the same token works once it is back', async () => {
    const { token } = await loginAs(outage.baseUrl, SEEDED_MANAGER.username, SEEDED_MANAGER.password);
    const created = await send('POST', '/api/items', token, { sku: 'OUTAGE-1', name: 'Outage probe', quantity: 5 });
    expect(created.status).toBe(201);
    const { id: itemId } = (await created.json()) as { id: string };

    await outage.database.stop();
    await expectDatabaseUnavailable(await send('GET', '/api/auth/me', token), 'GET /api/auth/me');
    await expectDatabaseUnavailable(await send('GET', '/api/items', token), 'GET /api/items');
    await expectDatabaseUnavailable(await send('GET', `/api/items/${itemId}`, token), 'GET /api/items/:id');
    await expectDatabaseUnavailable(await send('POST', '/api/stock-movements', token, movement(itemId)), 'POST /api/stock-movements');
    await expectDatabaseUnavailable(await send('POST', '/api/auth/login', undefined, SEEDED_MANAGER), 'POST /api/auth/login');
    await expectDatabaseUnavailable(
      await send('POST', '/api/auth/register', undefined, {
        username: 'late-joiner',
        email: 'late@example.com',
        password: 'late-joiner-password',
      }),
      'POST /api/auth/register',
    );

    await outage.database.start();
    expect((await onceBack(() => send('GET', '/api/auth/me', token))).status).toBe(200);
    expect((await send('GET', '/api/items', token)).status).toBe(200);
    const moved = await send('POST', '/api/stock-movements', token, movement(itemId));
    expect(moved.status).toBe(201);
    expect(await moved.json()).toMatchObject({ item: { quantity: 6 } });
  });

  it('answers the requests a shutdown catches in flight 503 service-unavailable as well, never 401 or 500', async () => {
    const { token } = await loginAs(outage.baseUrl, SEEDED_MANAGER.username, SEEDED_MANAGER.password);
    const created = await send('POST', '/api/items', token, { sku: 'OUTAGE-2', name: 'In-flight probe', quantity: 5 });
    const { id: itemId } = (await created.json()) as { id: string };
    // The item's read model follows its event: only an outage may refuse the traffic below.
    await expect.poll(async () => (await send('GET', `/api/items/${itemId}`, token)).status).toBe(200);
    const requests = [
      () => send('GET', '/api/auth/me', token),
      () => send('GET', '/api/items', token),
      () => send('GET', `/api/items/${itemId}`, token),
      () => send('POST', '/api/stock-movements', token, movement(itemId)),
      () => send('POST', '/api/stock-movements', token, movement(itemId)),
    ];
    const answers: { status: number; type: unknown; retryAfter: string | null }[] = [];
    let running = true;
    const traffic = requests.map(async (request) => {
      while (running) {
        const response = await request();
        const body = (await response.json()) as { type?: unknown };
        answers.push({ status: response.status, type: body.type, retryAfter: response.headers.get('retry-after') });
      }
    });

    await new Promise((resolve) => setTimeout(resolve, 300));
    await outage.database.stop();
    await new Promise((resolve) => setTimeout(resolve, 300));
    running = false;
    await Promise.all(traffic);
    await outage.database.start();

    const refused = answers.filter((answer) => answer.status >= 300);
    expect(answers.some((answer) => answer.status < 300)).toBe(true);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused).toEqual(
      refused.map(() => ({ status: 503, type: '/problems/service-unavailable', retryAfter: match.stringMatching(/^\d+$/) })),
    );
    expect((await onceBack(() => send('GET', `/api/items/${itemId}`, token))).status).toBe(200);
  });
});
