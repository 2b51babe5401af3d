import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { seededManager, tokenFor, type SignedIn } from '../../../test/auth-helpers';
import { match } from '../../../test/matchers';
import { startTestApp, type TestApp } from '../../../test/test-app';
import { closedWithin, LiveClient } from '../live/testing/live-client';
import { call, startReplica, type Replica } from '../live/testing/replicas';

const ADMIN_PASSWORD = 'stock-keeper-key-1';
const PROBLEM = 'application/problem+json';

let testApp: TestApp;
let replica: Replica;
/** A replica whose heartbeat checks the sockets' expiry every 100 ms. */
let quick: Replica;
let manager: SignedIn;
let db: Client;
const clients: LiveClient[] = [];

beforeAll(async () => {
  testApp = await startTestApp();
  replica = await startReplica(testApp.database.url, ADMIN_PASSWORD);
  quick = await startReplica(testApp.database.url, ADMIN_PASSWORD, { IMS_LIVE_HEARTBEAT_MS: '100' });
  manager = await seededManager(testApp);
  db = new Client({ connectionString: testApp.database.url });
  await db.connect();
});

afterEach(() => {
  for (const client of clients.splice(0)) client.socket.terminate();
});

afterAll(async () => {
  await db.end();
  await quick.close();
  await replica.close();
  await testApp.close();
});

interface CreatedToken {
  id: string;
  token: string;
  name: string;
  role: string;
  readOnly: boolean;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

async function mint(owner: SignedIn, body: Record<string, unknown> = {}): Promise<CreatedToken> {
  const answer = await call<CreatedToken>(testApp.baseUrl, owner.token, 'POST', '/api/tokens', { name: 'sync script', ...body });
  expect(answer.status).toBe(201);
  return answer.body;
}

const me = (baseUrl: string, token: string) => call(baseUrl, token, 'GET', '/api/auth/me');
const newItem = (token: string) =>
  call(testApp.baseUrl, token, 'POST', '/api/items', { sku: `TOK-${randomBytes(4).toString('hex')}`, name: 'Token-made item' });

async function greeted(baseUrl: string, token: string): Promise<LiveClient> {
  const client = await LiveClient.greeted(baseUrl, token);
  clients.push(client);
  return client;
}

describe('personal API tokens', () => {
  it('answers the secret once, with its prefix, and keeps only its SHA-256; the list shows no secret', async () => {
    const created = await mint(manager, { name: 'nightly export' });
    expect(created).toMatchObject({ name: 'nightly export', role: 'manager', readOnly: false, expiresAt: null, lastUsedAt: null });
    expect(created.token).toMatch(/^ims_pat_[A-Za-z0-9_-]{43}$/);

    const { rows } = await db.query<{ row: string }>('SELECT row_to_json(t)::text AS row FROM api_tokens t WHERE id = $1', [created.id]);
    expect(rows[0]?.row).not.toContain(created.token.slice('ims_pat_'.length));
    const { rows: hashed } = await db.query('SELECT 1 FROM api_tokens WHERE id = $1 AND token_hash = sha256(convert_to($2, $3))', [
      created.id,
      created.token,
      'UTF8',
    ]);
    expect(hashed).toHaveLength(1);

    const list = await call<{ tokens: Record<string, unknown>[] }>(testApp.baseUrl, manager.token, 'GET', '/api/tokens');
    const listed = list.body.tokens.find((token) => token.id === created.id);
    expect(listed).toMatchObject({ name: 'nightly export', role: 'manager', readOnly: false });
    expect(listed).not.toHaveProperty('token');
    expect(JSON.stringify(list.body)).not.toContain(created.token);
  });

  it('works as a bearer token on both replicas and marks its last use', async () => {
    const staff = await tokenFor(testApp, 'staff');
    const created = await mint(staff);
    for (const baseUrl of [testApp.baseUrl, replica.baseUrl]) {
      expect(await me(baseUrl, created.token)).toMatchObject({ status: 200, body: { id: staff.user.id, role: 'staff' } });
    }
    await vi.waitFor(async () => {
      const list = await call<{ tokens: CreatedToken[] }>(testApp.baseUrl, staff.token, 'GET', '/api/tokens');
      expect(list.body.tokens.find((token) => token.id === created.id)?.lastUsedAt).toEqual(match.any(String));
    });
  });

  it('a read-only token reads but is refused on every write with 403 problem+json', async () => {
    const readOnly = await mint(manager, { readOnly: true });
    expect((await call(testApp.baseUrl, readOnly.token, 'GET', '/api/items')).status).toBe(200);
    const refused = await fetch(`${testApp.baseUrl}/api/items`, {
      method: 'POST',
      headers: { authorization: `Bearer ${readOnly.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ sku: 'RO-1', name: 'Never made' }),
    });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toContain(PROBLEM);
    expect(await refused.json()).toMatchObject({ type: '/problems/forbidden', detail: match.stringContaining('read-only') });
    expect((await call(testApp.baseUrl, readOnly.token, 'DELETE', `/api/tokens/${readOnly.id}`)).status).toBe(403);

    const writer = await mint(manager);
    expect((await newItem(writer.token)).status).toBe(201);
  });

  it('a revoked token is refused on the next request on both replicas and its sockets close within a second', async () => {
    const staff = await tokenFor(testApp, 'staff');
    const created = await mint(staff);
    const onA = await greeted(testApp.baseUrl, created.token);
    const onB = await greeted(replica.baseUrl, created.token);

    expect((await call(replica.baseUrl, staff.token, 'DELETE', `/api/tokens/${created.id}`)).status).toBe(204);
    for (const baseUrl of [testApp.baseUrl, replica.baseUrl]) {
      expect(await me(baseUrl, created.token)).toMatchObject({ status: 401, body: { type: '/problems/unauthorized' } });
    }
    expect(await closedWithin(onA, 1000)).toMatchObject({ code: 4401, reason: match.stringContaining('API token') });
    expect(await closedWithin(onB, 1000)).toMatchObject({ code: 4401 });
    expect((await call(testApp.baseUrl, staff.token, 'DELETE', `/api/tokens/${created.id}`)).status).toBe(404);
    const list = await call<{ tokens: CreatedToken[] }>(testApp.baseUrl, staff.token, 'GET', '/api/tokens');
    expect(list.body.tokens.map((token) => token.id)).not.toContain(created.id);
  });

  it('nobody revokes another user’s token', async () => {
    const staff = await tokenFor(testApp, 'staff');
    const created = await mint(staff);
    expect((await call(testApp.baseUrl, manager.token, 'DELETE', `/api/tokens/${created.id}`)).status).toBe(404);
    expect((await me(testApp.baseUrl, created.token)).status).toBe(200);
  });

  it('an expired token is refused, and a socket is not opened with it', async () => {
    const created = await mint(manager, { expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
    expect((await me(testApp.baseUrl, created.token)).status).toBe(200);
    await db.query("UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = $1", [created.id]);
    const refused = await me(replica.baseUrl, created.token);
    expect(refused).toMatchObject({ status: 401, body: { detail: 'The API token has expired' } });
    const socket = await LiveClient.connect(testApp.baseUrl, created.token);
    clients.push(socket);
    expect(await closedWithin(socket, 5000)).toMatchObject({ code: 4401 });
  });

  it('a socket opened with a token that expires is closed (4401) at its expiry', async () => {
    const created = await mint(manager, { expiresAt: new Date(Date.now() + 1500).toISOString() });
    const socket = await greeted(quick.baseUrl, created.token);
    expect(await closedWithin(socket, 10_000)).toMatchObject({ code: 4401, reason: match.stringContaining('expired') });
  });

  it('deactivating the owner refuses the token at once and closes its sockets, on both replicas', async () => {
    const staff = await tokenFor(testApp, 'staff');
    const created = await mint(staff);
    const onA = await greeted(testApp.baseUrl, created.token);
    const onB = await greeted(replica.baseUrl, created.token);

    expect((await call(testApp.baseUrl, manager.token, 'PATCH', `/api/users/${staff.user.id}`, { active: false })).status).toBe(200);
    for (const baseUrl of [testApp.baseUrl, replica.baseUrl]) expect((await me(baseUrl, created.token)).status).toBe(401);
    expect(await closedWithin(onA, 1000)).toMatchObject({ code: 4401 });
    expect(await closedWithin(onB, 1000)).toMatchObject({ code: 4401 });
  });

  it('a token never does more than its user: staff cannot make a manager token, and a demoted manager’s token acts as staff', async () => {
    const staff = await tokenFor(testApp, 'staff');
    const refused = await call(testApp.baseUrl, staff.token, 'POST', '/api/tokens', { name: 'escalation', role: 'manager' });
    expect(refused).toMatchObject({ status: 403, body: { type: '/problems/forbidden' } });
    const { rows } = await db.query('SELECT 1 FROM api_tokens WHERE user_id = $1', [staff.user.id]);
    expect(rows).toHaveLength(0);

    const other = await tokenFor(testApp, 'manager');
    const managerToken = await mint(other, { role: 'manager' });
    const staffToken = await mint(other, { role: 'staff' });
    expect((await newItem(staffToken.token)).status).toBe(403);
    expect((await newItem(managerToken.token)).status).toBe(201);
    expect((await call(testApp.baseUrl, manager.token, 'PATCH', `/api/users/${other.user.id}`, { role: 'staff' })).status).toBe(200);
    expect(await me(testApp.baseUrl, managerToken.token)).toMatchObject({ status: 200, body: { role: 'staff' } });
    expect((await newItem(managerToken.token)).status).toBe(403);
  });

  it('a made-up token with the prefix is refused with 401 problem+json, and so is its socket', async () => {
    const forged = `ims_pat_${randomBytes(32).toString('base64url')}`;
    const refused = await fetch(`${testApp.baseUrl}/api/items`, { headers: { authorization: `Bearer ${forged}` } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')).toContain(PROBLEM);
    const socket = await LiveClient.connect(replica.baseUrl, forged);
    clients.push(socket);
    expect(await closedWithin(socket, 5000)).toMatchObject({ code: 4401 });
  });

  it('a token cannot make another token', async () => {
    const created = await mint(manager);
    const refused = await call(testApp.baseUrl, created.token, 'POST', '/api/tokens', { name: 'child' });
    expect(refused).toMatchObject({ status: 403, body: { type: '/problems/forbidden' } });
  });

  it.each([
    ['no name', {}],
    ['an empty name', { name: '  ' }],
    ['a huge name', { name: 'x'.repeat(101) }],
    ['an expiry in the past', { name: 'old', expiresAt: '2020-01-01T00:00:00Z' }],
    ['an expiry that is no ISO date-time', { name: 'odd', expiresAt: 'next tuesday' }],
    ['an expiry without a zone', { name: 'odd', expiresAt: '2999-01-01T00:00:00' }],
    ['an unknown role', { name: 'odd', role: 'admin' }],
    ['a readOnly that is no boolean', { name: 'odd', readOnly: 'yes' }],
  ])('refuses %s with 400 problem+json and writes nothing', async (_what, body) => {
    const before = await db.query('SELECT count(*)::int AS n FROM api_tokens');
    const events = await db.query("SELECT count(*)::int AS n FROM events WHERE type = 'ApiTokenCreated'");
    const response = await fetch(`${testApp.baseUrl}/api/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${manager.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain(PROBLEM);
    expect(await response.json()).toMatchObject({ type: '/problems/validation' });
    expect((await db.query('SELECT count(*)::int AS n FROM api_tokens')).rows).toEqual(before.rows);
    expect((await db.query("SELECT count(*)::int AS n FROM events WHERE type = 'ApiTokenCreated'")).rows).toEqual(events.rows);
  });

  it('records creation and revocation on the owner’s access stream, in the access category, without the secret, and the log verifies', async () => {
    const staff = await tokenFor(testApp, 'staff');
    const created = await mint(staff, { name: 'audited', readOnly: true });
    expect((await call(testApp.baseUrl, staff.token, 'DELETE', `/api/tokens/${created.id}`)).status).toBe(204);

    const answer = await call<{
      events: { type: string; streamId: string; data: Record<string, unknown>; metadata: Record<string, unknown> }[];
    }>(testApp.baseUrl, manager.token, 'GET', `/api/events?category=access&limit=1000`);
    const mine = answer.body.events.filter((event) => event.streamId === `access-${staff.user.id}` && event.type.startsWith('ApiToken'));
    expect(mine.map((event) => event.type).sort()).toEqual(['ApiTokenCreated', 'ApiTokenRevoked']);
    expect(mine.find((event) => event.type === 'ApiTokenCreated')).toMatchObject({
      data: { userId: staff.user.id, tokenId: created.id, name: 'audited', role: 'staff', readOnly: true, expiresAt: null },
      metadata: { userId: staff.user.id, username: staff.user.username },
    });
    const { rows } = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM events WHERE data::text LIKE $1 OR metadata::text LIKE $1',
      [`%${created.token.slice('ims_pat_'.length)}%`],
    );
    expect(rows[0]?.n).toBe(0);
    expect((await call(testApp.baseUrl, manager.token, 'GET', '/api/events/verify')).body).toMatchObject({ ok: true });
  });

  describe('service accounts', () => {
    async function serviceAccount(role: 'manager' | 'staff'): Promise<{ id: string; username: string }> {
      const username = `robot-${randomBytes(4).toString('hex')}`;
      const created = await call<{ id: string; service: boolean }>(testApp.baseUrl, manager.token, 'POST', '/api/users', {
        username,
        email: `${username}@example.com`,
        role,
        service: true,
      });
      expect(created).toMatchObject({ status: 201, body: { service: true } });
      return { id: created.body.id, username };
    }

    it('has no password: it cannot sign in and a reset is refused', async () => {
      const robot = await serviceAccount('staff');
      const { rows } = await db.query('SELECT 1 FROM user_credentials WHERE user_id = $1', [robot.id]);
      expect(rows).toHaveLength(0);
      const signIn = await fetch(`${testApp.baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: robot.username, password: 'anything-at-all-1' }),
      });
      expect(signIn.status).toBe(401);
      const reset = await call(testApp.baseUrl, manager.token, 'POST', `/api/users/${robot.id}/password-reset`, {});
      expect(reset).toMatchObject({ status: 409, body: { type: '/problems/conflict' } });
    });

    it('a manager makes, lists and revokes its tokens, within its role; its events name the manager', async () => {
      const robot = await serviceAccount('staff');
      const refused = await call(testApp.baseUrl, manager.token, 'POST', '/api/tokens', {
        name: 'sync',
        userId: robot.id,
        role: 'manager',
      });
      expect(refused).toMatchObject({ status: 403, body: { type: '/problems/forbidden' } });

      const created = await mint(manager, { name: 'shop sync', userId: robot.id });
      expect(created).toMatchObject({ name: 'shop sync', role: 'staff' });
      expect(await me(replica.baseUrl, created.token)).toMatchObject({ status: 200, body: { id: robot.id, username: robot.username } });
      const mine = await call<{ tokens: CreatedToken[] }>(testApp.baseUrl, manager.token, 'GET', '/api/tokens');
      expect(mine.body.tokens.map((token) => token.id)).not.toContain(created.id);
      const its = await call<{ tokens: CreatedToken[] }>(testApp.baseUrl, manager.token, 'GET', `/api/tokens?userId=${robot.id}`);
      expect(its.body.tokens.map((token) => token.id)).toEqual([created.id]);

      expect((await call(testApp.baseUrl, manager.token, 'DELETE', `/api/tokens/${created.id}`)).status).toBe(204);
      expect((await me(testApp.baseUrl, created.token)).status).toBe(401);
      const { rows } = await db.query<{ type: string; actor: string }>(
        "SELECT type, metadata->>'userId' AS actor FROM events WHERE stream_id = $1 ORDER BY stream_version",
        [`access-${robot.id}`],
      );
      expect(rows).toEqual([
        { type: 'ApiTokenCreated', actor: manager.user.id },
        { type: 'ApiTokenRevoked', actor: manager.user.id },
      ]);
    });

    it('only a manager handles a service account’s tokens, and only a service account’s', async () => {
      const robot = await serviceAccount('staff');
      const staff = await tokenFor(testApp, 'staff');
      for (const [token, userId] of [
        [staff.token, robot.id],
        [manager.token, staff.user.id],
      ] as const) {
        const refused = await call(testApp.baseUrl, token, 'POST', '/api/tokens', { name: 'not yours', userId });
        expect(refused).toMatchObject({ status: 403, body: { type: '/problems/forbidden' } });
        expect((await call(testApp.baseUrl, token, 'GET', `/api/tokens?userId=${userId}`)).status).toBe(403);
      }
      const { rows } = await db.query('SELECT 1 FROM api_tokens WHERE user_id = ANY($1::uuid[])', [[robot.id, staff.user.id]]);
      expect(rows).toHaveLength(0);
    });
  });
});
