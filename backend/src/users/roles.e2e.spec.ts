import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { authHeader, seededManager, setRole, tokenFor, type SignedIn } from '../../../test/auth-helpers';
import { startTestApp, type TestApp } from '../../../test/test-app';
import { match } from '../../../test/matchers';

let testApp: TestApp;
let db: Client;
let manager: SignedIn;

beforeAll(async () => {
  testApp = await startTestApp();
  db = new Client({ connectionString: testApp.database.url });
  await db.connect();
  manager = await seededManager(testApp);
});
afterAll(async () => {
  await db.end();
  await testApp.close();
});

const eventCount = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM events')).rows[0]!.n;
const managerCount = async () => (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM users WHERE role = 'manager'")).rows[0]!.n;

test('the only manager cannot demote itself: 409 conflict, nothing recorded', async () => {
  const before = await eventCount();
  const response = await setRole(testApp.baseUrl, manager.token, manager.user.id, 'staff');
  expect(response.status).toBe(409);
  expect(await response.json()).toMatchObject({ type: '/problems/conflict', detail: match.stringMatching(/last manager/) });
  expect(await eventCount()).toBe(before);
  expect(await managerCount()).toBe(1);
});

test('two managers demoting each other at the same moment: one wins, one manager remains', async () => {
  const other = await tokenFor(testApp, 'manager');
  for (let round = 0; round < 5; round += 1) {
    const answers = await Promise.all([
      setRole(testApp.baseUrl, manager.token, other.user.id, 'staff'),
      setRole(testApp.baseUrl, other.token, manager.user.id, 'staff'),
    ]);
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.find((status) => status !== 200)).toBeOneOf([403, 409]);
    expect(await managerCount()).toBe(1);
    const [winner, loser] = statuses[0] === 200 ? [manager, other] : [other, manager];
    expect((await setRole(testApp.baseUrl, winner.token, loser.user.id, 'manager')).status).toBe(200);
  }
  expect((await setRole(testApp.baseUrl, manager.token, other.user.id, 'staff')).status).toBe(200);
});

test('a role change is recorded as UserRoleChanged with the manager who made it', async () => {
  const staff = await tokenFor(testApp, 'staff');
  const response = await setRole(testApp.baseUrl, manager.token, staff.user.id, 'manager');
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({ id: staff.user.id, role: 'manager' });
  const { rows } = await db.query('SELECT type, data, metadata FROM events WHERE stream_id = $1 ORDER BY stream_version', [
    `user-${staff.user.id}`,
  ]);
  expect(rows.at(-1)).toEqual({
    type: 'UserRoleChanged',
    data: { userId: staff.user.id, from: 'staff', to: 'manager' },
    metadata: match.objectContaining({ userId: manager.user.id, username: manager.user.username }),
  });
});

test('setting the role a user already has answers 200 and records nothing', async () => {
  const staff = await tokenFor(testApp, 'staff');
  const before = await eventCount();
  expect((await setRole(testApp.baseUrl, manager.token, staff.user.id, 'staff')).status).toBe(200);
  expect(await eventCount()).toBe(before);
});

test('changing the role of an unknown user is 404, of a malformed id 400, to an unknown role 400', async () => {
  expect((await setRole(testApp.baseUrl, manager.token, randomUUID(), 'staff')).status).toBe(404);
  expect((await setRole(testApp.baseUrl, manager.token, 'not-an-id', 'staff')).status).toBe(400);
  expect((await setRole(testApp.baseUrl, manager.token, manager.user.id, 'admin' as 'staff')).status).toBe(400);
});

test('a manager lists the users, without any password or hash', async () => {
  const response = await fetch(`${testApp.baseUrl}/api/users`, { headers: authHeader(manager.token) });
  expect(response.status).toBe(200);
  const { users } = (await response.json()) as { users: Record<string, unknown>[] };
  expect(users.length).toBeGreaterThan(3);
  for (const user of users) expect(Object.keys(user).sort()).toEqual(['active', 'createdAt', 'email', 'id', 'role', 'service', 'username']);
});
