import { Client } from 'pg';
import { authHeader, seededManager } from '../../../test/auth-helpers';
import { postFrom } from '../../../test/from-address';
import { stdoutDuring } from '../../../test/stdout';
import { startTestApp, type TestApp } from '../../../test/test-app';
import { REGISTRATION_LIMIT } from './registration-throttle.guard';
import { match } from '../../../test/matchers';

let testApp: TestApp;
let db: Client;

beforeAll(async () => {
  testApp = await startTestApp();
  db = new Client({ connectionString: testApp.database.url });
  await db.connect();
});
afterAll(async () => {
  await db.end();
  await testApp.close();
});

const register = (body: object, address = '127.0.0.1') => postFrom(address, `${testApp.baseUrl}/api/auth/register`, body);
const count = async (table: string) => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;

test("a taken email gets the very answer a new one gets, creates nothing, and the owner's notice is logged", async () => {
  const fresh = await register({ username: 'first-owner', email: 'owner@example.com', password: 'owner-secret-words' });
  const owner = await db.query<{ id: string }>("SELECT id FROM users WHERE username = 'first-owner'");
  const before = { users: await count('users'), events: await count('events'), credentials: await count('user_credentials') };

  const { result: again, output } = await stdoutDuring(() =>
    register({ username: 'second-comer', email: 'OWNER@example.com', password: 'comer-secret-words' }),
  );
  expect(again.status).toBe(fresh.status);
  expect(again.status).toBe(201);
  expect(again.headers['content-type']).toBe(fresh.headers['content-type']);
  expect(fresh.body).toEqual({ user: { username: 'first-owner', email: 'owner@example.com', role: 'staff' } });
  expect(again.body).toEqual({ user: { username: 'second-comer', email: 'OWNER@example.com', role: 'staff' } });
  expect({ users: await count('users'), events: await count('events'), credentials: await count('user_credentials') }).toEqual(before);
  expect(output).toContain(`self-registration with the email of account ${owner.rows[0]!.id}`);
  expect(output).not.toContain('OWNER@example.com');
});

test('registrations are throttled per address, counting refused ones too, and other addresses still register', async () => {
  const invalid = await Promise.all(
    Array.from({ length: REGISTRATION_LIMIT.limit }, (_, n) => register({ username: `x${n}`, email: 'not-an-email' }, '127.0.0.2')),
  );
  expect(new Set(invalid.map((answer) => answer.status))).toEqual(new Set([400]));
  const refused = await register({ username: 'late-comer', email: 'late@example.com', password: 'late-secret-words' }, '127.0.0.2');
  expect(refused.status).toBe(429);
  expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  expect(refused.body).toMatchObject({ type: '/problems/rate-limited' });
  expect(await db.query("SELECT 1 FROM users WHERE username = 'late-comer'")).toMatchObject({ rowCount: 0 });

  const elsewhere = await register({ username: 'late-comer', email: 'late@example.com', password: 'late-secret-words' }, '127.0.0.3');
  expect(elsewhere.status).toBe(201);
});

describe('a password must not be common or contain the username, wherever it is set', () => {
  const expectPasswordRefused = (answer: { status: number; body: Record<string, unknown> }, rule: RegExp) => {
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      type: '/problems/validation',
      errors: [{ field: 'password', message: match.stringMatching(rule) }],
    });
  };
  const createUser = async (body: object) => {
    const manager = await seededManager(testApp);
    return postFrom(
      '127.0.0.4',
      `${testApp.baseUrl}/api/users`,
      { email: 'made@example.com', role: 'staff', ...body },
      authHeader(manager.token),
    );
  };

  test.each(['password123', 'iloveyou', 'Football1', 'QWERTYUIOP'])('registering with %s is refused as common', async (password) =>
    expectPasswordRefused(
      await register({ username: 'common-fan', email: 'fan@example.com', password }, '127.0.0.4'),
      /10,000 most common/,
    ),
  );

  test('registering with the username inside the password is refused, whatever the case', async () =>
    expectPasswordRefused(
      await register({ username: 'Gandalf', email: 'grey@example.com', password: 'you-shall-GANDALF-pass' }, '127.0.0.4'),
      /must not contain the username/,
    ));

  test('a manager creating a user is held to the same rule', async () => {
    expectPasswordRefused(await createUser({ username: 'made-user', password: 'sunshine1' }), /10,000 most common/);
    expectPasswordRefused(await createUser({ username: 'made-user', password: 'made-user-2024!' }), /must not contain the username/);
    expect((await createUser({ username: 'made-user', password: 'quiet-lantern-87' })).status).toBe(201);
  });
});
