import { randomBytes } from 'node:crypto';
import { seededManager, tokenFor, type SignedIn } from '../../../test/auth-helpers';
import { match } from '../../../test/matchers';
import { refresh, signIn, step } from '../../../test/session-steps';
import { startTestApp, type TestApp } from '../../../test/test-app';
import { closedWithin, LiveClient } from '../live/testing/live-client';
import { ACCESS_CATEGORY_TYPES } from '../users';
import { call, startReplica, type Replica } from '../live/testing/replicas';

const ADMIN_PASSWORD = 'stock-keeper-key-1';
const CHROME = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/153.0.0.0 Safari/537.36';

let testApp: TestApp;
let replica: Replica;
let manager: SignedIn;
const clients: LiveClient[] = [];

beforeAll(async () => {
  testApp = await startTestApp();
  replica = await startReplica(testApp.database.url, ADMIN_PASSWORD);
  manager = await seededManager(testApp);
});

afterEach(() => {
  for (const client of clients.splice(0)) client.socket.terminate();
});

afterAll(async () => {
  await replica.close();
  await testApp.close();
});

const setActive = (userId: string, active: boolean, token = manager.token) =>
  call(testApp.baseUrl, token, 'PATCH', `/api/users/${userId}`, { active });
const me = (baseUrl: string, token: string) => call(baseUrl, token, 'GET', '/api/auth/me');

async function greeted(baseUrl: string, token: string): Promise<LiveClient> {
  const client = await LiveClient.greeted(baseUrl, token);
  clients.push(client);
  return client;
}

async function eventsOf(query: string): Promise<{ type: string; streamId: string; data: Record<string, unknown> }[]> {
  const answer = await call<{ events: { type: string; streamId: string; data: Record<string, unknown> }[] }>(
    testApp.baseUrl,
    manager.token,
    'GET',
    `/api/events?${query}&limit=1000`,
  );
  expect(answer.status).toBe(200);
  return answer.body.events;
}

describe('deactivation', () => {
  it('refuses the access token and the refresh at once and closes the sockets within a second, on both replicas', async () => {
    const staff = await tokenFor(testApp, 'staff');
    const session = await signIn(testApp.baseUrl, staff.user.username, staff.password);
    const token = session.body.accessToken as string;
    const onA = await greeted(testApp.baseUrl, token);
    const onB = await greeted(replica.baseUrl, staff.token);
    expect((await me(replica.baseUrl, token)).status).toBe(200);

    const deactivated = await setActive(staff.user.id, false);
    expect(deactivated).toMatchObject({ status: 200, body: { id: staff.user.id, active: false, position: match.any(Number) } });

    for (const baseUrl of [testApp.baseUrl, replica.baseUrl]) {
      expect((await me(baseUrl, token)).status).toBe(401);
      expect((await me(baseUrl, staff.token)).status).toBe(401);
    }
    expect((await refresh(replica.baseUrl, session.cookie)).status).toBe(401);
    expect(await closedWithin(onA, 1000)).toMatchObject({ code: 4401 });
    expect(await closedWithin(onB, 1000)).toMatchObject({ code: 4401 });
  });

  it('answers a deactivated user’s sign-in exactly like a wrong password, keeps the user listed, and reactivation lets them in again', async () => {
    const staff = await tokenFor(testApp, 'staff');
    expect((await setActive(staff.user.id, false)).status).toBe(200);
    const deactivated = await signIn(testApp.baseUrl, staff.user.username, staff.password);
    const wrong = await signIn(testApp.baseUrl, staff.user.username, `${staff.password}-not`);
    expect(deactivated.status).toBe(401);
    expect(deactivated.body).toEqual(wrong.body);
    expect(deactivated.setCookie).toBeNull();

    const listed = await call<{ users: { id: string; active: boolean }[] }>(testApp.baseUrl, manager.token, 'GET', '/api/users');
    expect(listed.body.users.find((user) => user.id === staff.user.id)).toMatchObject({ active: false });

    expect((await setActive(staff.user.id, true)).body).toMatchObject({ active: true });
    expect((await signIn(testApp.baseUrl, staff.user.username, staff.password)).status).toBe(200);
    expect((await eventsOf(`streamId=user-${staff.user.id}`)).map((event) => event.type)).toEqual([
      'UserRegistered',
      'UserDeactivated',
      'UserReactivated',
    ]);
  });

  it('refuses a body that is not a boolean, and an unknown user', async () => {
    const staff = await tokenFor(testApp, 'staff');
    expect(await call(testApp.baseUrl, manager.token, 'PATCH', `/api/users/${staff.user.id}`, { active: 'no' })).toMatchObject({
      status: 400,
      body: { type: '/problems/validation' },
    });
    expect((await setActive('0b6f8a0e-1c1b-4e44-9a42-3f1f3d7c2a11', false)).status).toBe(404);
    expect((await call(testApp.baseUrl, staff.token, 'PATCH', `/api/users/${staff.user.id}`, { active: false })).status).toBe(403);
  });
});

describe('passwords', () => {
  it('a manager’s reset ends the user’s sessions and forces a change at the next sign-in', async () => {
    const staff = await tokenFor(testApp, 'staff');
    const reset = await call<{ temporaryPassword: string; position: number }>(
      testApp.baseUrl,
      manager.token,
      'POST',
      `/api/users/${staff.user.id}/password-reset`,
    );
    expect(reset).toMatchObject({ status: 201, body: { temporaryPassword: match.stringMatching(/^[\w-]{16}$/) } });
    const { temporaryPassword } = reset.body;
    expect((await me(testApp.baseUrl, staff.token)).status).toBe(401);
    expect((await signIn(testApp.baseUrl, staff.user.username, staff.password)).status).toBe(401);

    const limited = await signIn(testApp.baseUrl, staff.user.username, temporaryPassword);
    expect(limited.body).toMatchObject({ passwordChangeRequired: true, user: { id: staff.user.id } });
    const limitedToken = limited.body.accessToken as string;
    expect(await call(testApp.baseUrl, limitedToken, 'GET', '/api/items')).toMatchObject({
      status: 403,
      body: { type: '/problems/forbidden', passwordChangeRequired: true },
    });
    expect((await me(testApp.baseUrl, limitedToken)).status).toBe(200);
    const socket = await LiveClient.connect(testApp.baseUrl, limitedToken);
    clients.push(socket);
    expect(await closedWithin(socket, 1000)).toMatchObject({ code: 4401 });

    const weak = await call(testApp.baseUrl, limitedToken, 'POST', '/api/auth/password', {
      currentPassword: temporaryPassword,
      newPassword: 'password',
    });
    expect(weak).toMatchObject({ status: 400, body: { errors: [{ field: 'newPassword' }] } });
    const newPassword = `chosen-${randomBytes(4).toString('hex')}`;
    const changed = await step(testApp.baseUrl, '/api/auth/password', {
      token: limitedToken,
      body: { currentPassword: temporaryPassword, newPassword },
    });
    expect(changed.status).toBe(204);

    const renewed = await refresh(testApp.baseUrl, limited.cookie);
    expect(renewed.body).toMatchObject({ passwordChangeRequired: false });
    expect((await call(testApp.baseUrl, renewed.body.accessToken as string, 'GET', '/api/items')).status).toBe(200);
    expect((await signIn(testApp.baseUrl, staff.user.username, temporaryPassword)).status).toBe(401);
    expect((await signIn(testApp.baseUrl, staff.user.username, newPassword)).body).toMatchObject({ passwordChangeRequired: false });
  });

  it('changing one’s own password refuses every other session’s access token at once and keeps the caller’s', async () => {
    const staff = await tokenFor(testApp, 'staff');
    const other = await signIn(testApp.baseUrl, staff.user.username, staff.password);
    const newPassword = `changed-${randomBytes(4).toString('hex')}`;
    const changed = await call(testApp.baseUrl, staff.token, 'POST', '/api/auth/password', {
      currentPassword: staff.password,
      newPassword,
    });
    expect(changed.status).toBe(204);
    expect((await me(testApp.baseUrl, staff.token)).status).toBe(200);
    expect((await me(testApp.baseUrl, other.body.accessToken as string)).status).toBe(401);
    expect((await refresh(testApp.baseUrl, other.cookie)).status).toBe(401);
  });
});

describe('sessions', () => {
  it('a user lists their sessions with browser and address, and revoking one refuses its access token and closes its sockets at once', async () => {
    const staff = await tokenFor(testApp, 'staff');
    const response = await fetch(`${testApp.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': CHROME },
      body: JSON.stringify({ username: staff.user.username, password: staff.password }),
    });
    const inChrome = (await response.json()) as { accessToken: string };
    const listed = await call<{ sessions: { id: string; browser: string; address: string; current: boolean }[] }>(
      testApp.baseUrl,
      staff.token,
      'GET',
      '/api/auth/sessions',
    );
    expect(listed.body.sessions).toHaveLength(2);
    const chrome = listed.body.sessions.find((session) => session.browser === 'Chrome 153 on Linux');
    expect(chrome).toMatchObject({ address: '127.0.0.1', current: false, createdAt: match.any(String), lastUsedAt: match.any(String) });
    expect(listed.body.sessions.filter((session) => session.current)).toHaveLength(1);
    const chromeOnA = await greeted(testApp.baseUrl, inChrome.accessToken);
    const chromeOnB = await greeted(replica.baseUrl, inChrome.accessToken);
    const keptOnB = await greeted(replica.baseUrl, staff.token);

    expect((await call(testApp.baseUrl, staff.token, 'DELETE', `/api/auth/sessions/${chrome?.id}`)).status).toBe(204);
    expect(await closedWithin(chromeOnA, 1000)).toMatchObject({ code: 4401 });
    expect(await closedWithin(chromeOnB, 1000)).toMatchObject({ code: 4401 });
    expect(await closedWithin(keptOnB, 200)).toBe('open');
    expect((await me(testApp.baseUrl, inChrome.accessToken)).status).toBe(401);
    expect((await me(testApp.baseUrl, staff.token)).status).toBe(200);
    expect((await call(testApp.baseUrl, staff.token, 'DELETE', `/api/auth/sessions/${chrome?.id}`)).status).toBe(404);
    // Another user's session is not one's own to end.
    const stranger = await tokenFor(testApp, 'staff');
    const theirs = await call<{ sessions: { id: string }[] }>(testApp.baseUrl, stranger.token, 'GET', '/api/auth/sessions');
    expect((await call(testApp.baseUrl, staff.token, 'DELETE', `/api/auth/sessions/${theirs.body.sessions[0]?.id}`)).status).toBe(404);
    expect((await me(testApp.baseUrl, stranger.token)).status).toBe(200);
  });

  it('a manager sees a user’s sessions and revokes them all; staff may not', async () => {
    const staff = await tokenFor(testApp, 'staff');
    const path = `/api/users/${staff.user.id}/sessions`;
    expect((await call(testApp.baseUrl, staff.token, 'GET', path)).status).toBe(403);
    const listed = await call<{ sessions: unknown[] }>(testApp.baseUrl, manager.token, 'GET', path);
    expect(listed.body.sessions).toHaveLength(1);
    const socket = await greeted(replica.baseUrl, staff.token);
    expect((await call(testApp.baseUrl, manager.token, 'DELETE', path)).status).toBe(204);
    expect(await closedWithin(socket, 1000)).toMatchObject({ code: 4401 });
    expect((await me(testApp.baseUrl, staff.token)).status).toBe(401);
    expect((await call<{ sessions: unknown[] }>(testApp.baseUrl, manager.token, 'GET', path)).body.sessions).toEqual([]);
  });
});

describe('the access audit', () => {
  it('records sign-ins, failures (unknown names in one stream), sign-outs, password, activation and API token events, chained and verified', async () => {
    const staff = await tokenFor(testApp, 'staff');
    const guesses = [`nobody-${randomBytes(3).toString('hex')}`, `ghost-${randomBytes(3).toString('hex')}`];
    for (const username of guesses) await signIn(testApp.baseUrl, username, 'some-guessed-password');
    await signIn(testApp.baseUrl, staff.user.username, 'a-wrong-password-here');
    const session = await signIn(testApp.baseUrl, staff.user.username, staff.password);
    expect((await step(testApp.baseUrl, '/api/auth/logout', { cookie: session.cookie })).status).toBe(204);
    const apiToken = await call<{ id: string }>(testApp.baseUrl, manager.token, 'POST', '/api/tokens', { name: 'audited' });
    expect((await call(testApp.baseUrl, manager.token, 'DELETE', `/api/tokens/${apiToken.body.id}`)).status).toBe(204);

    const access = await eventsOf('category=access');
    const failedGuesses = access.filter((event) => guesses.includes(event.data.username as string));
    expect(failedGuesses.map((event) => [event.type, event.streamId, event.data.reason])).toEqual([
      ['UserSignInFailed', 'access-attempts', 'unknown user'],
      ['UserSignInFailed', 'access-attempts', 'unknown user'],
    ]);
    const own = access.filter((event) => event.streamId === `access-${staff.user.id}`);
    expect(own.map((event) => event.type)).toEqual(['UserSignedIn', 'UserSignInFailed', 'UserSignedIn', 'UserSignedOut']);
    expect(own[1]?.data).toMatchObject({ username: staff.user.username, reason: 'wrong password', address: '127.0.0.1' });
    expect(own[2]?.data).toMatchObject({ userId: staff.user.id, browser: match.any(String), sessionId: match.any(String) });
    expect(JSON.stringify(access)).not.toContain('some-guessed-password');
    expect(JSON.stringify(access)).not.toContain('a-wrong-password-here');
    // Every access type occurred in this file's earlier tests, and nothing else is in the category.
    expect([...new Set(access.map((event) => event.type))].sort()).toEqual([...ACCESS_CATEGORY_TYPES].sort());
    expect(access.some((event) => event.type === 'UserRegistered' || event.type === 'UserRoleChanged')).toBe(false);
    expect((await eventsOf('category=access&type=UserSignedOut')).every((event) => event.type === 'UserSignedOut')).toBe(true);
    expect((await call(testApp.baseUrl, manager.token, 'GET', '/api/events?category=logins')).status).toBe(400);
    const exported = await fetch(`${testApp.baseUrl}/api/events/export?category=access&format=ndjson`, {
      headers: { authorization: `Bearer ${manager.token}` },
    });
    const lines = (await exported.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; position: number });
    expect(lines.map((line) => line.position)).toEqual(access.map((event) => (event as unknown as { position: number }).position));
    expect((await call(testApp.baseUrl, manager.token, 'GET', '/api/events/verify')).body).toMatchObject({ ok: true });
  });

  it('records every one of a burst of 80 failed sign-ins with unknown names on two replicas, each answered 401', async () => {
    const guesses = Array.from({ length: 80 }, (_, index) => `burst-${index}-${randomBytes(3).toString('hex')}`);
    const answers = await Promise.all(
      guesses.map((username, index) => signIn(index % 2 === 0 ? testApp.baseUrl : replica.baseUrl, username, 'guessed-password')),
    );
    expect(new Set(answers.map((answer) => answer.status))).toEqual(new Set([401]));
    const recorded = await eventsOf('streamId=access-attempts');
    expect(recorded.filter((event) => guesses.includes(event.data.username as string))).toHaveLength(guesses.length);
  });

  it('is a manager’s', async () => {
    const staff = await tokenFor(testApp, 'staff');
    expect((await call(testApp.baseUrl, staff.token, 'GET', '/api/events?category=access')).status).toBe(403);
  });
});

describe('the last active manager', () => {
  let own: TestApp;
  beforeAll(async () => {
    own = await startTestApp();
  });
  afterAll(() => own.close());

  const patch = (token: string, userId: string, body: object) => call(own.baseUrl, token, 'PATCH', `/api/users/${userId}`, body);

  /** A new manager, created by `creator` and signed in. */
  async function newManager(creator: string): Promise<SignedIn> {
    const username = `boss-${randomBytes(4).toString('hex')}`;
    const password = `password-${randomBytes(4).toString('hex')}`;
    const created = await call(own.baseUrl, creator, 'POST', '/api/users', {
      username,
      email: `${username}@example.com`,
      password,
      role: 'manager',
    });
    expect(created.status).toBe(201);
    const session = await signIn(own.baseUrl, username, password);
    return { token: session.body.accessToken as string, user: session.body.user as SignedIn['user'] };
  }

  async function activeManagers(token: string): Promise<number> {
    const listed = await call<{ users: { role: string; active: boolean }[] }>(own.baseUrl, token, 'GET', '/api/users');
    return listed.body.users.filter((user) => user.role === 'manager' && user.active).length;
  }

  it('cannot be deactivated or demoted: 409, nothing recorded', async () => {
    const only = await seededManager(own);
    expect(await patch(only.token, only.user.id, { active: false })).toMatchObject({ status: 409, body: { type: '/problems/conflict' } });
    expect((await patch(only.token, only.user.id, { role: 'staff', active: false })).status).toBe(409);
    expect((await me(own.baseUrl, only.token)).status).toBe(200);
    expect(await activeManagers(only.token)).toBe(1);
  });

  it.each([
    ['deactivate', { active: false }, { active: false }],
    ['demote and deactivate', { role: 'staff' }, { active: false }],
  ])('two managers who %s each other at once leave one active manager', async (_name, first, second) => {
    let current = (await signIn(own.baseUrl, 'manager', ADMIN_PASSWORD)).body.accessToken as string;
    const listed = await call<{ users: { id: string; role: string; active: boolean }[] }>(own.baseUrl, current, 'GET', '/api/users');
    const a = await newManager(current);
    const b = await newManager(current);
    // Every other manager steps aside: a and b are the only active managers.
    for (const user of listed.body.users)
      if (user.role === 'manager' && user.active) expect((await patch(a.token, user.id, { active: false })).status).toBe(200);
    expect(await activeManagers(a.token)).toBe(2);

    const statuses = (await Promise.all([patch(a.token, b.user.id, first), patch(b.token, a.user.id, second)])).map(
      (answer) => answer.status,
    );
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.find((status) => status !== 200)).toBeOneOf([401, 409]);
    current = statuses[0] === 200 ? a.token : b.token;
    expect(await activeManagers(current)).toBe(1);
    // The seeded manager returns for the next case.
    const seeded = listed.body.users.find((user) => user.role === 'manager');
    expect((await patch(current, seeded?.id ?? '', { active: true })).status).toBe(200);
  });
});
