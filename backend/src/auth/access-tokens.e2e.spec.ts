import { randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { authHeader, seededManager, setRole, tokenFor, type SignedIn } from '../../../test/auth-helpers';
import { match } from '../../../test/matchers';
import { startTestApp, type TestApp } from '../../../test/test-app';
import { AccessTokens, TOKEN_AUDIENCE, TOKEN_ISSUER } from './access-tokens';
import { NotAuthenticatedError } from './auth-errors';

let testApp: TestApp;
let manager: SignedIn;
let staff: SignedIn;
let secret: string;
const jwt = new JwtService();

beforeAll(async () => {
  testApp = await startTestApp();
  manager = await seededManager(testApp);
  staff = await tokenFor(testApp, 'staff');
  secret = testApp.app.get(AccessTokens).secret;
});
afterAll(() => testApp.close());

const segment = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const claims = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
const header = (token: string) => JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as Record<string, unknown>;

const signed = (payload: object, options: { key?: string; algorithm?: 'HS256' | 'HS512'; expiresIn?: number | 'never' } = {}) =>
  jwt.sign(payload, {
    secret: options.key ?? secret,
    algorithm: options.algorithm ?? 'HS256',
    ...(options.expiresIn === 'never' ? {} : { expiresIn: options.expiresIn ?? 600 }),
    issuer: TOKEN_ISSUER,
    audience: TOKEN_AUDIENCE,
  });

async function me(token: string): Promise<{ status: number; type: string | null; body: Record<string, unknown> }> {
  const response = await fetch(`${testApp.baseUrl}/api/auth/me`, { headers: authHeader(token) });
  return { status: response.status, type: response.headers.get('content-type'), body: (await response.json()) as Record<string, unknown> };
}

async function expectUnauthorized(token: string): Promise<void> {
  const answer = await me(token);
  expect(answer.status).toBe(401);
  expect(answer.type).toMatch(/^application\/problem\+json/);
  expect(answer.body).toMatchObject({ type: '/problems/unauthorized', status: 401 });
  // The WebSocket's check refuses it the same way: the error the edge answers with that 401.
  await expect(testApp.app.get(AccessTokens).verifyAccessToken(token)).rejects.toEqual(
    new NotAuthenticatedError(String(answer.body.detail)),
  );
}

test('a signed-in token answers /me with the user, and the WebSocket check accepts it too', async () => {
  expect(await me(staff.token)).toMatchObject({ status: 200, body: { id: staff.user.id, role: 'staff' } });
  expect(await testApp.app.get(AccessTokens).verifyAccessToken(staff.token)).toEqual({
    ...staff.user,
    credential: { kind: 'session', id: claims(staff.token).sid },
    passwordChangeOnly: false,
  });
});

test('tokens are HS256, name the user and the session only by id, and expire in 15 minutes', () => {
  expect(header(staff.token)).toMatchObject({ alg: 'HS256' });
  const payload = claims(staff.token);
  expect(payload).toMatchObject({
    sub: staff.user.id,
    sid: match.stringMatching(/^[0-9a-f-]{36}$/),
    iss: TOKEN_ISSUER,
    aud: TOKEN_AUDIENCE,
  });
  expect(Number(payload.exp) - Number(payload.iat)).toBe(15 * 60);
});

describe('forged and broken tokens get 401 problem+json', () => {
  test('alg "none" without a signature', () =>
    expectUnauthorized(`${segment({ alg: 'none', typ: 'JWT' })}.${segment(claims(manager.token))}.`));

  test('a staff token whose payload was changed to name the manager', () => {
    const [head, , signature] = staff.token.split('.');
    const payload = { ...claims(staff.token), sub: manager.user.id };
    return expectUnauthorized(`${head}.${segment(payload)}.${signature}`);
  });

  test('a token signed with another key', () => expectUnauthorized(signed({ sub: manager.user.id }, { key: 'another-key-0123456789' })));

  test('a token signed with the right key but another algorithm', () =>
    expectUnauthorized(signed({ sub: manager.user.id }, { algorithm: 'HS512' })));

  test('an expired token', async () => {
    const expired = signed({ sub: staff.user.id }, { expiresIn: -60 });
    await expectUnauthorized(expired);
    expect((await me(expired)).body.detail).toMatch(/expired/);
  });

  test('a well-signed token for a real user that carries no expiry', async () => {
    const forever = signed({ sub: staff.user.id }, { expiresIn: 'never' });
    expect(claims(forever)).not.toHaveProperty('exp');
    await expectUnauthorized(forever);
  });

  test('a well-signed token for a user who does not exist', () => expectUnauthorized(signed({ sub: randomUUID() })));

  test('a well-signed token whose subject is not a user id', () => expectUnauthorized(signed({ sub: "' OR 1=1 --" })));

  test('garbage', async () => {
    await expectUnauthorized('garbage');
    await expectUnauthorized('a.b.c');
    await expectUnauthorized('');
  });
});

describe('a token accepted before (kept verified by its text) is still checked on every use', () => {
  test('it is refused from the second it expires, by the guard and the WebSocket check alike', async () => {
    const shortLived = signed({ sub: staff.user.id, sid: claims(staff.token).sid }, { expiresIn: 2 });
    expect((await me(shortLived)).status).toBe(200);
    expect((await me(shortLived)).status).toBe(200);
    const expiresAt = Number(claims(shortLived).exp) * 1000;
    await new Promise((resolve) => setTimeout(resolve, expiresAt - Date.now() + 50));
    await expectUnauthorized(shortLived);
    expect((await me(shortLived)).body.detail).toMatch(/expired/);
  });

  test('its text with the signature changed is another token, and refused', async () => {
    expect((await me(staff.token)).status).toBe(200);
    const [head, payload, signature] = staff.token.split('.');
    const flipped = `${signature!.startsWith('A') ? 'B' : 'A'}${signature!.slice(1)}`;
    await expectUnauthorized(`${head}.${payload}.${flipped}`);
  });

  test('it is refused once its session is ended', async () => {
    const signedIn = await tokenFor(testApp, 'staff');
    expect((await me(signedIn.token)).status).toBe(200);
    expect(await testApp.app.get(AccessTokens).verifyAccessToken(signedIn.token)).toMatchObject({ id: signedIn.user.id });
    const sid = String(claims(signedIn.token).sid);
    const revoked = await fetch(`${testApp.baseUrl}/api/auth/sessions/${sid}`, { method: 'DELETE', headers: authHeader(signedIn.token) });
    expect(revoked.status).toBe(204);
    await expectUnauthorized(signedIn.token);
  });
});

test("a demoted manager's token loses manager access at once, and a promotion counts at once too", async () => {
  const second = await tokenFor(testApp, 'manager');
  const listUsers = () => fetch(`${testApp.baseUrl}/api/users`, { headers: authHeader(second.token) });
  expect((await listUsers()).status).toBe(200);

  expect((await setRole(testApp.baseUrl, manager.token, second.user.id, 'staff')).status).toBe(200);
  expect((await listUsers()).status).toBe(403);
  expect(await me(second.token)).toMatchObject({ status: 200, body: { role: 'staff' } });

  expect((await setRole(testApp.baseUrl, manager.token, second.user.id, 'manager')).status).toBe(200);
  expect((await listUsers()).status).toBe(200);
});
