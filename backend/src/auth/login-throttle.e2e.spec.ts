import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SEEDED_MANAGER } from '../../../test/auth-helpers';
import { postFrom, type Answer } from '../../../test/from-address';
import { startTestApp, type TestApp } from '../../../test/test-app';
import { createApp } from '../app.factory';
import { loadConfig } from '../config/app-config';
import { LOGIN_LIMITS } from './login-throttle.interceptor';

let testApp: TestApp;

beforeEach(async () => {
  testApp = await startTestApp();
});
afterEach(() => testApp.close());

const login = (address: string, body: object, baseUrl = testApp.baseUrl) => postFrom(address, `${baseUrl}/api/auth/login`, body);
const wrongGuess = (address: string, n: number) =>
  login(address, { username: n % 2 ? 'manager' : 'MANAGER', password: `guess-${n}-wrong` });
const statuses = (answers: readonly Answer[]) => answers.map((answer) => answer.status).sort();

function expectRateLimited(answer: Answer): void {
  expect(answer.status).toBe(429);
  expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
  expect(answer.body).toMatchObject({ type: '/problems/rate-limited', status: 429 });
}

const { limit: perUsername } = LOGIN_LIMITS.perUsernameAndAddress;

test('failures from one address lock that address out of the account, never the right password from another address', async () => {
  // In parallel: each attempt counts before its password is checked, so a burst is held to the limit too.
  const guesses = await Promise.all(Array.from({ length: perUsername + 2 }, (_, n) => wrongGuess('127.0.0.2', n)));
  expect(statuses(guesses)).toEqual([...Array<number>(perUsername).fill(401), 429, 429]);
  expectRateLimited(await login('127.0.0.2', SEEDED_MANAGER));

  expect((await login('127.0.0.3', SEEDED_MANAGER)).status).toBe(200);
  expect((await login('127.0.0.3', { ...SEEDED_MANAGER, username: 'Manager' })).status).toBe(200);
});

test('successful sign-ins never count towards a lock, however many', async () => {
  for (let n = 0; n < perUsername + 3; n += 1) expect((await login('127.0.0.4', SEEDED_MANAGER)).status).toBe(200);
});

test('a successful sign-in clears the failures counted before it', async () => {
  for (let n = 0; n < perUsername - 1; n += 1) expect((await wrongGuess('127.0.0.5', n)).status).toBe(401);
  expect((await login('127.0.0.5', SEEDED_MANAGER)).status).toBe(200);
  for (let n = 0; n < perUsername - 1; n += 1) expect((await wrongGuess('127.0.0.5', n)).status).toBe(401);
  expect((await login('127.0.0.5', SEEDED_MANAGER)).status).toBe(200);
});

test('one address failing on many accounts meets 429, while other addresses still sign in', async () => {
  const { limit } = LOGIN_LIMITS.perAddress;
  const answers = await Promise.all(
    Array.from({ length: limit }, (_, n) => login('127.0.0.6', { username: `user-${n}`, password: 'not-a-password' })),
  );
  expect(new Set(statuses(answers))).toEqual(new Set([401]));
  expectRateLimited(await login('127.0.0.6', { username: 'someone-else', password: 'not-a-password' }));
  expect((await login('127.0.0.7', SEEDED_MANAGER)).status).toBe(200);
});

test('malformed sign-ins are refused before any count', async () => {
  const answers = await Promise.all(Array.from({ length: perUsername + 1 }, () => login('127.0.0.8', { username: 'manager' })));
  expect(new Set(statuses(answers))).toEqual(new Set([400]));
  expect((await login('127.0.0.8', SEEDED_MANAGER)).status).toBe(200);
});

test('replicas share the counts: failures spread over two of them still meet the limit', async () => {
  const config = loadConfig({ JWT_SECRET: 'test-secret-of-enough-length-0123456789', ADMIN_PASSWORD: SEEDED_MANAGER.password });
  const replica: NestFastifyApplication = await createApp({ config, databaseUrl: testApp.database.url, embedded: false });
  try {
    await replica.listen(0, '127.0.0.1');
    const address = replica.getHttpServer().address();
    const replicaUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    for (let n = 0; n < perUsername; n += 1) {
      const answer = await login('127.0.0.9', { username: 'manager', password: `guess-${n}-wrong` }, n % 2 ? replicaUrl : testApp.baseUrl);
      expect(answer.status).toBe(401);
    }
    expectRateLimited(await login('127.0.0.9', SEEDED_MANAGER, replicaUrl));
    expectRateLimited(await login('127.0.0.9', SEEDED_MANAGER));
  } finally {
    await replica.close();
  }
});

describe('behind a proxy', () => {
  const forwardedFor = (client: string, body: object, baseUrl: string) =>
    postFrom('127.0.0.10', `${baseUrl}/api/auth/login`, body, { 'x-forwarded-for': client });
  const guessAll = (baseUrl: string) =>
    Promise.all(
      Array.from({ length: perUsername }, (_, n) =>
        forwardedFor(`192.0.2.${n + 1}`, { username: 'manager', password: `guess-${n}` }, baseUrl),
      ),
    );

  test('with TRUST_PROXY, clients are told apart by X-Forwarded-For, so one client locks out only itself', async () => {
    const proxied = await startTestApp({ TRUST_PROXY: '1' });
    try {
      for (let n = 0; n < perUsername; n += 1) {
        expect((await forwardedFor('203.0.113.7', { username: 'manager', password: `guess-${n}` }, proxied.baseUrl)).status).toBe(401);
      }
      expectRateLimited(await forwardedFor('203.0.113.7', SEEDED_MANAGER, proxied.baseUrl));
      expect((await forwardedFor('203.0.113.8', SEEDED_MANAGER, proxied.baseUrl)).status).toBe(200);
      expect(new Set(statuses(await guessAll(proxied.baseUrl)))).toEqual(new Set([401]));
    } finally {
      await proxied.close();
    }
  });

  test('without TRUST_PROXY, a forged X-Forwarded-For does not dodge the count', async () => {
    expect(new Set(statuses(await guessAll(testApp.baseUrl)))).toEqual(new Set([401]));
    expectRateLimited(await forwardedFor('198.51.100.1', SEEDED_MANAGER, testApp.baseUrl));
  });
});
