import { Client } from 'pg';
import { authHeader, loginAs, SEEDED_MANAGER, seededManager } from '../../../test/auth-helpers';
import { startTestApp, type TestApp } from '../../../test/test-app';
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

const post = (path: string, body: unknown, token?: string) =>
  fetch(`${testApp.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? authHeader(token) : {}) },
    body: JSON.stringify(body),
  });

async function counts(): Promise<{ events: number; users: number; credentials: number }> {
  const { rows } = await db.query<{ events: number; users: number; credentials: number }>(
    `SELECT (SELECT count(*)::int FROM events) AS events, (SELECT count(*)::int FROM users) AS users,
            (SELECT count(*)::int FROM user_credentials) AS credentials`,
  );
  return rows[0]!;
}

test('the seeded manager signs in on a fresh database and gets a token, its lifetime and the user', async () => {
  const response = await post('/api/auth/login', SEEDED_MANAGER);
  expect(response.status).toBe(200);
  const body = (await response.json()) as Record<string, unknown>;
  expect(body).toEqual({
    accessToken: match.any(String),
    expiresIn: 900,
    user: { id: match.any(String), username: 'manager', email: 'manager@ims.local', role: 'manager' },
    passwordChangeRequired: false,
  });
});

test('a wrong password and an unknown username get the same 401 problem', async () => {
  const wrong = await post('/api/auth/login', { username: 'manager', password: 'not-the-password' });
  const unknown = await post('/api/auth/login', { username: 'nobody-here', password: 'not-the-password' });
  expect(wrong.status).toBe(401);
  expect(wrong.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(await wrong.json()).toEqual(await unknown.json());
});

test('self-registration asking for manager gets staff, recorded as such in the event log', async () => {
  const response = await post('/api/auth/register', {
    username: 'Eager.Operator',
    email: 'eager@example.com',
    password: 'operator-password',
    role: 'manager',
  });
  expect(response.status).toBe(201);
  expect(await response.json()).toEqual({ user: { username: 'Eager.Operator', email: 'eager@example.com', role: 'staff' } });

  const { user } = await loginAs(testApp.baseUrl, 'eager.operator', 'operator-password');
  expect(user).toMatchObject({ username: 'Eager.Operator', role: 'staff' });
  const { rows } = await db.query('SELECT type, data, metadata FROM events WHERE stream_id = $1', [`user-${user.id}`]);
  expect(rows).toEqual([
    {
      type: 'UserRegistered',
      data: { userId: user.id, username: 'Eager.Operator', email: 'eager@example.com', role: 'staff' },
      metadata: match.objectContaining({ userId: user.id, username: 'Eager.Operator', reason: 'self-registration' }),
    },
  ]);
});

test('registering a taken username, in any case, is a 409 conflict that writes nothing', async () => {
  expect((await post('/api/auth/register', { username: 'ada', email: 'ada@example.com', password: 'lovelace-engine' })).status).toBe(201);
  const before = await counts();
  const response = await post('/api/auth/register', { username: 'ADA', email: 'other@example.com', password: 'lovelace-engine' });
  expect(response.status).toBe(409);
  expect(await response.json()).toMatchObject({ type: '/problems/conflict', errors: [{ field: 'username' }] });
  expect(await counts()).toEqual(before);
});

test('of ten simultaneous registrations of one username exactly one succeeds, and nothing of the others remains', async () => {
  const before = await counts();
  const answers = await Promise.all(
    Array.from({ length: 10 }, (_, n) =>
      post('/api/auth/register', { username: 'racer', email: `racer${n}@example.com`, password: 'sprint-secret-words' }),
    ),
  );
  expect(answers.map((answer) => answer.status).sort()).toEqual([201, ...Array<number>(9).fill(409)]);
  expect(await counts()).toEqual({ events: before.events + 1, users: before.users + 1, credentials: before.credentials + 1 });
});

test('a manager creates a manager through /api/users, recorded with the manager as the actor', async () => {
  const manager = await seededManager(testApp);
  const response = await post(
    '/api/users',
    { username: 'second-boss', email: 'boss2@example.com', password: 'boss-password', role: 'manager' },
    manager.token,
  );
  expect(response.status).toBe(201);
  const created = (await response.json()) as { id: string; role: string };
  expect(created.role).toBe('manager');
  const { rows } = await db.query<{ metadata: unknown }>('SELECT metadata FROM events WHERE stream_id = $1', [`user-${created.id}`]);
  expect(rows[0]?.metadata).toMatchObject({ userId: manager.user.id, username: 'manager' });
  expect((await loginAs(testApp.baseUrl, 'second-boss', 'boss-password')).user.role).toBe('manager');
});

test('invalid registrations are refused with the fields at fault', async () => {
  const response = await post('/api/auth/register', { username: 'x', email: 'not-an-email', password: 'short' });
  expect(response.status).toBe(400);
  const body = (await response.json()) as { errors: { field: string }[] };
  expect(body.errors.map((error) => error.field).sort()).toEqual(['email', 'password', 'username']);
});

test('passwords and hashes appear in no response, no event and no log line', async () => {
  const password = 'very-secret-words-42';
  const logged: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  const errorWrite = process.stderr.write.bind(process.stderr);
  const capture = (chunk: unknown) => {
    logged.push(String(chunk));
    return true;
  };
  process.stdout.write = (chunk: unknown, ...rest: never[]) => capture(chunk) && write(chunk as string, ...rest);
  process.stderr.write = (chunk: unknown, ...rest: never[]) => capture(chunk) && errorWrite(chunk as string, ...rest);
  const answers: string[] = [];
  try {
    const manager = await seededManager(testApp);
    answers.push(await (await post('/api/auth/register', { username: 'quiet', email: 'quiet@example.com', password })).text());
    answers.push(await (await post('/api/auth/register', { username: 'quiet', email: 'quiet@example.com', password })).text());
    answers.push(await (await post('/api/auth/login', { username: 'quiet', password })).text());
    answers.push(await (await post('/api/auth/login', { username: 'quiet', password: `${password}-wrong` })).text());
    answers.push(
      await (await post('/api/users', { username: 'quiet2', email: 'q2@example.com', password, role: 'staff' }, manager.token)).text(),
    );
    answers.push(await (await fetch(`${testApp.baseUrl}/api/users`, { headers: authHeader(manager.token) })).text());
  } finally {
    process.stdout.write = write;
    process.stderr.write = errorWrite;
  }
  const { rows: hashes } = await db.query<{ password_hash: string }>('SELECT password_hash FROM user_credentials');
  const { rows: events } = await db.query<{ row: string }>('SELECT (data::text || metadata::text) AS row FROM events');
  const secrets = [password, ...hashes.map((row) => row.password_hash)];
  expect(hashes.length).toBeGreaterThan(2);
  expect(logged.length).toBeGreaterThan(0);
  for (const text of [...answers, ...events.map((event) => event.row), ...logged]) {
    for (const secret of secrets) expect(text).not.toContain(secret);
  }
  expect(answers.join('\n')).not.toMatch(/"password(Hash)?"|password_hash|\$2[aby]\$/);
});
