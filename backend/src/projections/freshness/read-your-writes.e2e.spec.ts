import { randomUUID } from 'node:crypto';
import { Client, Pool } from 'pg';
import { seededManager, tokenFor } from '../../../../test/auth-helpers';
import { callJson, type JsonAnswer, type JsonCall } from '../../../../test/json-api';
import { startTestApp, type TestApp } from '../../../../test/test-app';
import { EventStore } from '../../event-store/event-store';
import type { Positioned } from '../../event-store/positioned';
import { itemStreamId, MAIN_LOCATION_ID } from '../../inventory/domain/item-events';
import { locationStreamId } from '../../locations/domain/location-events';
import { stocktakeStreamId } from '../../stocktakes/domain/stocktake-events';
import { userStreamId } from '../../users/domain/user-events';

let app: TestApp;
/** The test's own connections: to look at the log, and to append as another process would. */
let pool: Pool;
let manager: string;
let staff: string;

beforeAll(async () => {
  app = await startTestApp();
  pool = new Pool({ connectionString: app.database.url, max: 2 });
  [manager, staff] = [(await seededManager(app)).token, (await tokenFor(app, 'staff')).token];
});

afterAll(async () => {
  await pool.end();
  await app.close();
});

type Answer<Body = unknown> = JsonAnswer<Body>;

/** What a write answers (docs/API.md, "Read your writes"). */
type Written = Positioned<object>;

const call = <Body = unknown>(method: string, path: string, options: JsonCall = {}) =>
  callJson<Body>(`${app.baseUrl}${path}`, method, options);

const minPosition = (position: number) => ({ 'x-min-position': String(position) });
const unique = () => randomUUID().slice(0, 8);

async function createItem(): Promise<Positioned<{ id: string; sku: string }>> {
  const answer = await call<Positioned<{ id: string; sku: string }>>('POST', '/api/items', {
    token: manager,
    body: { sku: `RYW-${unique()}`, name: 'Widget', quantity: 3 },
  });
  expect(answer.status).toBe(201);
  return answer.body;
}

/** A stocktake of one item at the main location, counted right when `count` is given. */
async function createStocktake(count?: number): Promise<{ id: string; itemId: string }> {
  const item = await createItem();
  const answer = await call<Positioned<{ id: string }>>('POST', '/api/stocktakes', {
    token: manager,
    body: { locationId: MAIN_LOCATION_ID, itemIds: [item.id] },
  });
  expect(answer.status).toBe(201);
  if (count !== undefined) {
    const counted = await call('PUT', `/api/stocktakes/${answer.body.id}/lines/${item.id}`, { token: staff, body: { counted: count } });
    expect(counted.status).toBe(200);
  }
  return { id: answer.body.id, itemId: item.id };
}

async function createLocation(): Promise<Positioned<{ id: string }>> {
  const answer = await call<Positioned<{ id: string }>>('POST', '/api/locations', {
    token: manager,
    body: { code: `RYW-${unique()}`, name: 'Shelf' },
  });
  expect(answer.status).toBe(201);
  return answer.body;
}

/** Holds a table's writers back (a projection's batch waits on the lock) until `release`. */
async function holding<T>(table: string, work: (release: () => Promise<void>) => Promise<T>): Promise<T> {
  const blocker = new Client({ connectionString: app.database.url });
  await blocker.connect();
  await blocker.query('BEGIN');
  await blocker.query(`LOCK TABLE ${table} IN SHARE MODE`);
  const release = async () => {
    await blocker.query('COMMIT').catch(() => undefined);
  };
  try {
    return await work(release);
  } finally {
    await release();
    await blocker.end();
  }
}

/** A request in flight, and whether it has answered yet. */
function inFlight(request: Promise<Answer>): { answer: Promise<Answer>; answered: () => boolean } {
  let done = false;
  const answer = request.finally(() => {
    done = true;
  });
  return { answer, answered: () => done };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function expectNotYetConsistent(answer: Answer) {
  expect(answer.status).toBe(503);
  expect(answer.headers.get('content-type')).toContain('application/problem+json');
  expect(answer.body).toMatchObject({ type: '/problems/not-yet-consistent', status: 503 });
  expect(answer.headers.get('retry-after')).toBe('1');
}

describe('every write answers its position', () => {
  /** The write's stream: its answer's position must be the last event of it. */
  type Write = () => Promise<{ answer: Answer<Written>; streamId: string }>;

  // Sessions (sign-in, refresh, sign-out, revoking) and API tokens live in their own tables; their access events are not read back.
  // So do webhook subscriptions and their deliveries (a table written at once, no event to wait for).
  // A password change, by the owner or with an emailed link, answers 204: it changes nothing any read shows.
  // Self-registration and a reset-link request answer the same whether or not an account matched, so they cannot tell a position.
  const NO_POSITION = new Set([
    // A preview: it writes no event.
    'post /api/imports',
    'post /api/auth/login',
    'post /api/auth/refresh',
    'post /api/auth/logout',
    'post /api/auth/password',
    'post /api/auth/password-reset',
    'post /api/auth/password-reset-request',
    'post /api/auth/register',
    'delete /api/auth/sessions/{id}',
    'delete /api/users/{id}/sessions',
    'post /api/tokens',
    'delete /api/tokens/{id}',
    'post /api/webhooks',
    'patch /api/webhooks/{id}',
    'delete /api/webhooks/{id}',
    'post /api/webhooks/{id}/deliveries/{deliveryId}/redeliver',
    'post /api/webhooks/{id}/test',
  ]);

  const WRITES: Record<string, Write> = {
    'post /api/items': async () => {
      const answer = await call<Positioned<{ id: string }>>('POST', '/api/items', {
        token: manager,
        body: { sku: `W-${unique()}`, name: 'Walked' },
      });
      return { answer, streamId: itemStreamId(answer.body.id) };
    },
    'patch /api/items/{id}': async () => {
      const item = await createItem();
      return {
        answer: await call('PATCH', `/api/items/${item.id}`, { token: manager, body: { name: 'Renamed' } }),
        streamId: itemStreamId(item.id),
      };
    },
    'delete /api/items/{id}': async () => {
      const item = await createItem();
      return {
        answer: await call('DELETE', `/api/items/${item.id}`, { token: manager, body: { reason: 'walked' } }),
        streamId: itemStreamId(item.id),
      };
    },
    'post /api/items/{id}/restore': async () => {
      const item = await createItem();
      await call('DELETE', `/api/items/${item.id}`, { token: manager });
      return {
        answer: await call('POST', `/api/items/${item.id}/restore`, { token: manager, body: { reason: 'walked back' } }),
        streamId: itemStreamId(item.id),
      };
    },
    'put /api/items/{id}/locations/{locationId}': async () => {
      const [item, location] = [await createItem(), await createLocation()];
      return {
        answer: await call('PUT', `/api/items/${item.id}/locations/${location.id}`, { token: manager, body: { lowStockThreshold: 2 } }),
        streamId: itemStreamId(item.id),
      };
    },
    'post /api/stock-movements': async () => {
      const item = await createItem();
      const answer = await call<Written>('POST', '/api/stock-movements', {
        token: staff,
        body: { itemId: item.id, type: 'IN', quantity: 2 },
      });
      return { answer, streamId: itemStreamId(item.id) };
    },
    'post /api/stock-movements/{id}/reverse': async () => {
      const item = await createItem();
      const { body } = await call<Written & { movement: { id: string } }>('POST', '/api/stock-movements', {
        token: staff,
        body: { itemId: item.id, type: 'IN', quantity: 2 },
      });
      const answer = await call<Written>('POST', `/api/stock-movements/${body.movement.id}/reverse`, {
        token: staff,
        body: { reason: 'typed 2 for 0' },
      });
      return { answer, streamId: itemStreamId(item.id) };
    },
    'post /api/transfers': async () => {
      const [item, location] = [await createItem(), await createLocation()];
      const answer = await call<Written>('POST', '/api/transfers', {
        token: staff,
        body: { itemId: item.id, fromLocationId: MAIN_LOCATION_ID, toLocationId: location.id, quantity: 2 },
      });
      return { answer, streamId: itemStreamId(item.id) };
    },
    'post /api/imports/{id}/apply': async () => {
      const item = await createItem();
      const form = new FormData();
      form.append('file', new Blob([`sku,name\n${item.sku},Imported\n`]), 'items.csv');
      const response = await fetch(`${app.baseUrl}/api/imports?kind=items`, {
        method: 'POST',
        headers: { authorization: `Bearer ${manager}` },
        body: form,
      });
      const preview = (await response.json()) as { id: string };
      return {
        answer: await call<Written>('POST', `/api/imports/${preview.id}/apply`, { token: manager }),
        streamId: itemStreamId(item.id),
      };
    },
    'post /api/locations': async () => {
      const answer = await call<Positioned<{ id: string }>>('POST', '/api/locations', {
        token: manager,
        body: { code: `W-${unique()}`, name: 'Walked' },
      });
      return { answer, streamId: locationStreamId(answer.body.id) };
    },
    'patch /api/locations/{id}': async () => {
      const location = await createLocation();
      return {
        answer: await call('PATCH', `/api/locations/${location.id}`, { token: manager, body: { name: 'Renamed' } }),
        streamId: locationStreamId(location.id),
      };
    },
    'delete /api/locations/{id}': async () => {
      const location = await createLocation();
      return { answer: await call('DELETE', `/api/locations/${location.id}`, { token: manager }), streamId: locationStreamId(location.id) };
    },
    'post /api/stocktakes': async () => {
      const item = await createItem();
      const answer = await call<Positioned<{ id: string }>>('POST', '/api/stocktakes', {
        token: manager,
        body: { locationId: MAIN_LOCATION_ID, itemIds: [item.id] },
      });
      return { answer, streamId: stocktakeStreamId(answer.body.id) };
    },
    'put /api/stocktakes/{id}/lines/{itemId}': async () => {
      const stocktake = await createStocktake();
      return {
        answer: await call('PUT', `/api/stocktakes/${stocktake.id}/lines/${stocktake.itemId}`, { token: staff, body: { counted: 1 } }),
        streamId: stocktakeStreamId(stocktake.id),
      };
    },
    // Counted right (the item was created with 3): no adjustment, so the stocktake's event is the last.
    'post /api/stocktakes/{id}/post': async () => {
      const stocktake = await createStocktake(3);
      return {
        answer: await call('POST', `/api/stocktakes/${stocktake.id}/post`, { token: manager }),
        streamId: stocktakeStreamId(stocktake.id),
      };
    },
    'post /api/users': async () => {
      const name = `walked-${unique()}`;
      const answer = await call<Positioned<{ id: string }>>('POST', '/api/users', {
        token: manager,
        body: { username: name, email: `${name}@example.com`, password: 'password-walked-1', role: 'staff' },
      });
      return { answer, streamId: userStreamId(answer.body.id) };
    },
    'patch /api/users/{id}': async () => {
      const user = await tokenFor(app, 'staff');
      return {
        answer: await call('PATCH', `/api/users/${user.user.id}`, { token: manager, body: { role: 'manager' } }),
        streamId: userStreamId(user.user.id),
      };
    },
    'post /api/users/{id}/password-reset': async () => {
      const user = await tokenFor(app, 'staff');
      return {
        answer: await call('POST', `/api/users/${user.user.id}/password-reset`, { token: manager }),
        streamId: userStreamId(user.user.id),
      };
    },
  };

  it('knows every write route of the API description, which documents X-Min-Position on every read', async () => {
    const document = (await call('GET', '/docs-json')).body as {
      paths: Record<string, Record<string, { parameters?: { name: string }[] }>>;
    };
    const reads = Object.values(document.paths).flatMap((operations) => (operations.get ? [operations.get] : []));
    expect(reads.length).toBeGreaterThan(10);
    for (const read of reads) expect(read.parameters?.map((parameter) => parameter.name)).toContain('X-Min-Position');
    const writes = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations)
        .filter((method) => method !== 'get')
        .map((method) => `${method} ${path}`),
    );
    expect(writes.filter((route) => !NO_POSITION.has(route)).sort()).toEqual(Object.keys(WRITES).sort());
  });

  it.each(Object.keys(WRITES))('%s answers the position of its last event in the body and in X-Position', async (route) => {
    const { answer, streamId } = await WRITES[route]!();
    expect(answer.status).toBeLessThan(300);
    expect(answer.body.position).toEqual(expect.any(Number));
    expect(answer.headers.get('x-position')).toBe(String(answer.body.position));
    const { rows } = await pool.query<{ last: string }>('SELECT max(position) AS last FROM events WHERE stream_id = $1', [streamId]);
    expect(answer.body.position).toBe(Number(rows[0]!.last));
  });

  it("answers an idempotent replay with the original's position, and a no-op with the position of the state it saw", async () => {
    const item = await createItem();
    const keyed = { token: staff, body: { itemId: item.id, type: 'IN', quantity: 1 }, headers: { 'idempotency-key': `k-${unique()}` } };
    const first = await call<Written>('POST', '/api/stock-movements', keyed);
    expect((await call('POST', '/api/stock-movements', { token: staff, body: { itemId: item.id, type: 'IN', quantity: 1 } })).status).toBe(
      201,
    );
    const replay = await call<Written>('POST', '/api/stock-movements', keyed);
    expect(first.body.position).toBeGreaterThan(item.position);
    expect(replay.body.position).toBe(first.body.position);
    expect(replay.headers.get('x-position')).toBe(String(first.body.position));

    const renamed = await call<Written>('PATCH', `/api/items/${item.id}`, { token: manager, body: { name: 'Same' } });
    const again = await call<Written>('PATCH', `/api/items/${item.id}`, { token: manager, body: { name: 'Same' } });
    expect(again.status).toBe(200);
    expect(again.body.position).toBe(renamed.body.position);
  });
});

describe('a read with X-Min-Position', () => {
  it('finds the item just created, 30 times out of 30, though the items projection is held back each time', async () => {
    for (let attempt = 0; attempt < 30; attempt += 1) {
      await holding('read_items', async (release) => {
        const item = await createItem();
        const path = attempt % 2 === 0 ? `/api/items/${item.id}` : `/api/items?search=${item.sku}`;
        const read = inFlight(call('GET', path, { token: staff, headers: minPosition(item.position) }));
        await pause(30);
        expect(read.answered()).toBe(false);
        if (attempt === 0) expect((await call('GET', path, { token: staff })).status).toBe(404);
        await release();
        const answer = await read.answer;
        expect(answer.status).toBe(200);
        expect(
          attempt % 2 === 0 ? (answer.body as { id: string }).id : (answer.body as { items: { id: string }[] }).items.map((row) => row.id),
        ).toEqual(attempt % 2 === 0 ? item.id : [item.id]);
      });
    }
  });

  it('finds an item just created by the barcode a scanner reads, though the items projection is held back', async () => {
    await holding('read_items', async (release) => {
      const barcode = `RYW/${unique()}`;
      const created = await call<Positioned<{ id: string }>>('POST', '/api/items', {
        token: manager,
        body: { sku: `RYW-${unique()}`, name: 'Scanned', barcode },
      });
      const path = `/api/items/by-code/${encodeURIComponent(barcode)}`;
      const read = inFlight(call('GET', path, { token: staff, headers: minPosition(created.body.position) }));
      await pause(30);
      expect(read.answered()).toBe(false);
      expect((await call('GET', path, { token: staff })).status).toBe(404);
      await release();
      const answer = await read.answer;
      expect(answer.status).toBe(200);
      expect((answer.body as { id: string }).id).toBe(created.body.id);
    });
  });

  it('makes an import preview wait for the location just created, and leaves writes unwaited', async () => {
    await holding('read_locations', async (release) => {
      const code = `RYW-${unique()}`.toUpperCase();
      const location = await call<Written>('POST', '/api/locations', { token: manager, body: { code, name: 'Shelf' } });
      expect(location.status).toBe(201);
      const form = new FormData();
      form.append('file', new Blob([`sku,name,quantity:${code}\nRYW-${unique()},Shelved,2\n`]), 'items.csv');
      const preview = inFlight(
        callJson<{ rows: { action: string }[] }>(`${app.baseUrl}/api/imports?kind=items`, 'POST', {
          token: manager,
          headers: minPosition(location.body.position),
          form,
        }),
      );
      const write = await call('POST', '/api/locations', {
        token: manager,
        headers: minPosition(location.body.position),
        body: { code: `RYW-${unique()}`, name: 'Bin' },
      });
      expect(write.status).toBe(201);
      expect(preview.answered()).toBe(false);
      await release();
      const answer = await preview.answer;
      expect(answer.status).toBe(201);
      expect((answer.body as { rows: { action: string }[] }).rows.map((row) => row.action)).toEqual(['create']);
    });
  });

  it('makes the users list and the audit log wait too, and answers 503 not-yet-consistent when the position does not arrive in 2 s', async () => {
    const item = await holding('read_items', async () => {
      const created = await createItem();
      const reads = ['/api/users', '/api/events', '/api/alerts', `/api/stock-movements?itemId=${created.id}`].map((path) =>
        call('GET', path, { token: manager, headers: minPosition(created.position) }),
      );
      for (const answer of await Promise.all(reads)) expectNotYetConsistent(answer);
      return created;
    });
    for (const path of ['/api/users', '/api/events', `/api/items/${item.id}/history`]) {
      expect((await call('GET', path, { token: manager, headers: minPosition(item.position) })).status).toBe(200);
    }
  });

  it('waits for the users read model on a user event, and only the projections on an item event', async () => {
    const user = await tokenFor(app, 'staff');
    await holding('users', async (release) => {
      // A writer that appended and died before applying its change: only the users consumer's poll applies it.
      const outcome = await new EventStore(pool).append({
        streamId: userStreamId(user.user.id),
        expectedVersion: 1,
        events: [
          {
            type: 'UserRoleChanged',
            data: { userId: user.user.id, from: 'staff', to: 'manager' },
            metadata: { userId: user.user.id, username: user.user.username, correlationId: randomUUID(), reason: 'test' },
          },
        ],
      });
      const position = outcome.status === 'appended' ? outcome.positions[0]! : 0;
      const item = await createItem();
      expect((await call('GET', `/api/items/${item.id}`, { token: staff, headers: minPosition(item.position) })).status).toBe(200);
      expectNotYetConsistent(await call('GET', '/api/users', { token: manager, headers: minPosition(position) }));
      const read = call<{ users: { id: string; role: string }[] }>('GET', '/api/users', { token: manager, headers: minPosition(position) });
      await release();
      const answer = await read;
      expect(answer.status).toBe(200);
      expect(answer.body.users.find((row) => row.id === user.user.id)?.role).toBe('manager');
    });
  });

  it('checks access first: a caller without a token cannot make the server wait', async () => {
    await holding('read_items', async () => {
      const item = await createItem();
      const answer = await call('GET', `/api/items/${item.id}`, { headers: minPosition(item.position) });
      expect(answer.status).toBe(401);
      expect(answer.body).toMatchObject({ type: '/problems/unauthorized' });
    });
  });

  it('refuses a value that is not a position with 400, on every read', async () => {
    for (const path of ['/api/users', '/api/events', '/api/items', '/api/alerts']) {
      for (const bad of ['soon', '-1', '1.5', '1e400', '99999999999999999999']) {
        const answer = await call('GET', path, { token: manager, headers: { 'x-min-position': bad } });
        expect(answer.status).toBe(400);
        expect(answer.body).toMatchObject({ type: '/problems/validation' });
      }
    }
  });
});
