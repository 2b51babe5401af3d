import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { authHeader, loginAs, seededManager, setRole, tokenFor } from '../../../test/auth-helpers';
import { startTestApp, type TestApp } from '../../../test/test-app';
import { REUSE_GRACE_SECONDS } from '../users/session-rotation';
import { REFRESH_COOKIE } from './refresh-cookie';
import { match } from '../../../test/matchers';
import { refresh, signIn, step } from '../../../test/session-steps';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('with the default limits', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(() => testApp.close());

  const me = async (token: unknown) =>
    (await fetch(`${testApp.baseUrl}/api/auth/me`, { headers: authHeader(String(token)) })).json() as Promise<Record<string, unknown>>;

  test('signing in sets an httpOnly, SameSite=Strict refresh cookie for /api/auth that lasts the absolute limit', async () => {
    const staff = await tokenFor(testApp, 'staff');
    const signedIn = await signIn(testApp.baseUrl, staff.user.username, staff.password);
    expect(signedIn.status).toBe(200);
    expect(signedIn.cookie).toMatch(/^[\w-]{43}$/);
    const attributes = signedIn.setCookie!.split('; ').slice(1);
    expect(attributes.sort()).toEqual(['HttpOnly', 'Max-Age=604800', 'Path=/api/auth', 'SameSite=Strict']);
  });

  test('a refresh answers a new access token and rotates the cookie; the new one refreshes again', async () => {
    const staff = await tokenFor(testApp, 'staff');
    const first = await signIn(testApp.baseUrl, staff.user.username, staff.password);
    const second = await refresh(testApp.baseUrl, first.cookie);
    expect(second.status).toBe(200);
    expect(second.body).toEqual({ accessToken: match.any(String), expiresIn: 900, user: staff.user, passwordChangeRequired: false });
    expect(second.cookie).toBeDefined();
    expect(second.cookie).not.toBe(first.cookie);
    expect(await me(second.body.accessToken)).toEqual(staff.user);
    expect((await refresh(testApp.baseUrl, second.cookie)).status).toBe(200);
  });

  /** As if `token` had been traded in `seconds` earlier than it was. */
  async function rotatedEarlier(token: string | undefined, seconds: number): Promise<void> {
    const db = new Client({ connectionString: testApp.database.url });
    await db.connect();
    try {
      const hash = createHash('sha256')
        .update(token ?? '')
        .digest();
      const { rowCount } = await db.query(
        'UPDATE refresh_tokens SET rotated_at = rotated_at - make_interval(secs => $2) WHERE token_hash = $1 AND rotated_at IS NOT NULL',
        [hash, seconds],
      );
      expect(rowCount).toBe(1);
    } finally {
      await db.end();
    }
  }

  test('a refresh token used again after its rotation ends its whole family, the newest token included', async () => {
    const staff = await tokenFor(testApp, 'staff');
    const first = await signIn(testApp.baseUrl, staff.user.username, staff.password);
    const second = await refresh(testApp.baseUrl, first.cookie);
    await rotatedEarlier(first.cookie, REUSE_GRACE_SECONDS);
    const reused = await refresh(testApp.baseUrl, first.cookie);
    expect(reused.status).toBe(401);
    expect(reused.body).toMatchObject({ type: '/problems/unauthorized', detail: match.stringMatching(/already used/) });
    expect(reused.setCookie).toMatch(new RegExp(`^${REFRESH_COOKIE}=;.*Max-Age=0`));
    expect((await refresh(testApp.baseUrl, second.cookie)).status).toBe(401);

    const other = await signIn(testApp.baseUrl, staff.user.username, staff.password);
    expect((await refresh(testApp.baseUrl, other.cookie)).status).toBe(200);
  });

  test('two tabs refreshing at once with one cookie both get an access token, one new cookie, and the session lives on', async () => {
    const staff = await tokenFor(testApp, 'staff');
    const first = await signIn(testApp.baseUrl, staff.user.username, staff.password);
    const answers = await Promise.all([refresh(testApp.baseUrl, first.cookie), refresh(testApp.baseUrl, first.cookie)]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    expect(answers.map((answer) => answer.body.user)).toEqual([staff.user, staff.user]);
    const cookies = answers.flatMap((answer) => (answer.cookie ? [answer.cookie] : []));
    expect(cookies).toHaveLength(1);
    expect((await refresh(testApp.baseUrl, cookies[0])).status).toBe(200);
  });

  test('no cookie, or an unknown token, is a 401', async () => {
    expect((await refresh(testApp.baseUrl, undefined)).status).toBe(401);
    expect((await refresh(testApp.baseUrl, 'x'.repeat(43))).status).toBe(401);
  });

  test('signing out ends the session and clears the cookie, even once the access token has expired', async () => {
    const staff = await tokenFor(testApp, 'staff');
    const first = await signIn(testApp.baseUrl, staff.user.username, staff.password);
    const out = await step(testApp.baseUrl, '/api/auth/logout', { cookie: first.cookie });
    expect(out.status).toBe(204);
    expect(out.setCookie).toMatch(/Max-Age=0/);
    expect((await refresh(testApp.baseUrl, first.cookie)).status).toBe(401);
  });

  test("a password change ends the user's other sessions, keeps the caller's, and the new password is the one that works", async () => {
    const staff = await tokenFor(testApp, 'staff');
    const here = await signIn(testApp.baseUrl, staff.user.username, staff.password);
    const elsewhere = await signIn(testApp.baseUrl, staff.user.username, staff.password);
    const change = (newPassword: string, currentPassword = staff.password) =>
      step(testApp.baseUrl, '/api/auth/password', {
        cookie: here.cookie,
        token: String(here.body.accessToken),
        body: { currentPassword, newPassword },
      });

    expect(await change('new-lantern-words', 'not-my-password')).toMatchObject({
      status: 400,
      body: { errors: [{ field: 'currentPassword' }] },
    });
    expect(await change('password123')).toMatchObject({ status: 400, body: { errors: [{ field: 'newPassword' }] } });
    expect(await change(`my-${staff.user.username}-key`)).toMatchObject({ status: 400, body: { errors: [{ field: 'newPassword' }] } });
    expect((await refresh(testApp.baseUrl, elsewhere.cookie)).status).toBe(200);

    const later = await signIn(testApp.baseUrl, staff.user.username, staff.password);
    expect((await change('new-lantern-words')).status).toBe(204);
    expect((await refresh(testApp.baseUrl, later.cookie)).status).toBe(401);
    expect((await refresh(testApp.baseUrl, here.cookie)).status).toBe(200);
    expect((await signIn(testApp.baseUrl, staff.user.username, staff.password)).status).toBe(401);
    expect((await loginAs(testApp.baseUrl, staff.user.username, 'new-lantern-words')).user.id).toBe(staff.user.id);
  });

  test("a role change ends the user's sessions", async () => {
    const manager = await seededManager(testApp);
    const staff = await tokenFor(testApp, 'staff');
    const session = await signIn(testApp.baseUrl, staff.user.username, staff.password);
    expect((await setRole(testApp.baseUrl, manager.token, staff.user.id, 'manager')).status).toBe(200);
    expect((await refresh(testApp.baseUrl, session.cookie)).status).toBe(401);
  });
});

describe('with short limits (idle 2 s, absolute 4 s)', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startTestApp({ SESSION_IDLE_SECONDS: '2', SESSION_MAX_SECONDS: '4', ACCESS_TOKEN_SECONDS: '60' });
  });
  afterAll(() => testApp.close());

  test('the access token lives ACCESS_TOKEN_SECONDS', async () => {
    const staff = await tokenFor(testApp, 'staff');
    expect((await signIn(testApp.baseUrl, staff.user.username, staff.password)).body.expiresIn).toBe(60);
  });

  test('a session left unused past the idle limit cannot be refreshed', async () => {
    const staff = await tokenFor(testApp, 'staff');
    const session = await signIn(testApp.baseUrl, staff.user.username, staff.password);
    await sleep(2_200);
    expect(await refresh(testApp.baseUrl, session.cookie)).toMatchObject({
      status: 401,
      body: { detail: match.stringMatching(/expired/) },
    });
  });

  test('a session in use ends at the absolute limit, its cookie lasting only as long as the session', async () => {
    const staff = await tokenFor(testApp, 'staff');
    let current = await signIn(testApp.baseUrl, staff.user.username, staff.password);
    const started = Date.now();
    const maxAges: number[] = [];
    while (Date.now() - started < 2_500) {
      await sleep(700);
      current = await refresh(testApp.baseUrl, current.cookie);
      expect(current.status).toBe(200);
      maxAges.push(Number(/Max-Age=(\d+)/.exec(current.setCookie!)?.[1]));
    }
    expect(maxAges.every((maxAge) => maxAge <= 4)).toBe(true);
    expect(maxAges.at(-1)).toBeLessThan(maxAges[0]!);
    await sleep(Math.max(0, 4_300 - (Date.now() - started)));
    expect((await refresh(testApp.baseUrl, current.cookie)).status).toBe(401);
  });
});
