import { SEEDED_MANAGER } from '../../../test/auth-helpers';
import { startTestApp, type TestApp } from '../../../test/test-app';
import { LOGIN_LIMITS } from './login-throttle.guard';

let testApp: TestApp;

beforeEach(async () => {
  testApp = await startTestApp();
});
afterEach(() => testApp.close());

const login = (body: object) =>
  fetch(`${testApp.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

const limitOf = (name: string) => LOGIN_LIMITS.find((limit) => limit.name === name)!.limit as number;

async function expectRateLimited(response: Response): Promise<void> {
  expect(response.status).toBe(429);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(await response.json()).toMatchObject({ type: '/problems/rate-limited', status: 429 });
}

test('guessing one account’s password meets 429, even with the right password, while other accounts still sign in', async () => {
  const perUsername = limitOf('login-per-username');
  for (let attempt = 0; attempt < perUsername; attempt += 1) {
    const guess = await login({ username: attempt % 2 ? 'manager' : 'MANAGER', password: `guess-${attempt}` });
    expect(guess.status).toBe(401);
  }
  await expectRateLimited(await login({ username: 'Manager', password: 'guess-again' }));
  await expectRateLimited(await login(SEEDED_MANAGER));

  const register = await fetch(`${testApp.baseUrl}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'bystander', email: 'bystander@example.com', password: 'bystander-password' }),
  });
  expect(register.status).toBe(201);
  expect((await login({ username: 'bystander', password: 'bystander-password' })).status).toBe(200);
});

test('one address trying many accounts meets 429', async () => {
  const perAddress = limitOf('login-per-ip');
  // Attempts without a password are refused before any hashing, yet each one counts.
  const answers = await Promise.all(
    Array.from({ length: perAddress }, (_, n) => login({ username: `user-${n}` }).then((response) => response.status)),
  );
  expect(new Set(answers)).toEqual(new Set([400]));
  await expectRateLimited(await login(SEEDED_MANAGER));
});
