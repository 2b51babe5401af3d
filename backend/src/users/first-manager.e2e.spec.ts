import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { authHeader, loginAs } from '../../../test/auth-helpers';
import { stdoutDuring } from '../../../test/stdout';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database';
import { createApp } from '../app.factory';
import { loadConfig } from '../config/app-config';
import { createPool } from '../database/pool';
import { EventStore } from '../event-store/event-store';
import { userStreamId } from './domain/user-events';
import { hashPassword } from './passwords';

const JWT_SECRET = 'first-manager-test-secret-0123456789';

interface RunningApp {
  readonly app: NestFastifyApplication;
  readonly baseUrl: string;
}

const running: NestFastifyApplication[] = [];
const databases: TestDatabase[] = [];

async function startOn(database: TestDatabase, env: Record<string, string>, embedded = false): Promise<RunningApp> {
  const app = await createApp({ config: loadConfig(env), databaseUrl: database.url, embedded });
  running.push(app);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  return { app, baseUrl: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
}

async function freshDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase();
  databases.push(database);
  return database;
}

async function query<T extends object>(database: TestDatabase, sql: string, values: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: database.url });
  await client.connect();
  try {
    return (await client.query<T>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

const managers = (database: TestDatabase) =>
  query<{ username: string }>(database, "SELECT username FROM users WHERE role = 'manager' ORDER BY username");
const registrations = (database: TestDatabase) =>
  query<{ stream_id: string }>(database, "SELECT stream_id FROM events WHERE type = 'UserRegistered'");

afterEach(async () => {
  await Promise.all(running.splice(0).map((app) => app.close().catch(() => undefined)));
  await Promise.all(databases.splice(0).map((database) => database.drop()));
});

const configured = { JWT_SECRET, ADMIN_USERNAME: 'boss', ADMIN_PASSWORD: 'head-keeper-key-1' };

test('the first start creates the configured manager, recorded as an event, and a second start creates nothing', async () => {
  const database = await freshDatabase();
  const first = await startOn(database, configured);
  expect((await loginAs(first.baseUrl, 'boss', 'head-keeper-key-1')).user.role).toBe('manager');
  const [registered] = await query<{ metadata: object }>(database, "SELECT metadata FROM events WHERE type = 'UserRegistered'");
  expect(registered?.metadata).toMatchObject({ username: 'boss', reason: 'first start' });

  await first.app.close();
  await startOn(database, { ...configured, ADMIN_USERNAME: 'another-boss', ADMIN_PASSWORD: 'another-password' });
  expect(await managers(database)).toEqual([{ username: 'boss' }]);
  expect(await registrations(database)).toHaveLength(1);
});

test('two replicas starting at once on an empty database create one manager, even with different settings', async () => {
  const database = await freshDatabase();
  await Promise.all([
    startOn(database, configured),
    startOn(database, configured),
    startOn(database, { ...configured, ADMIN_USERNAME: 'other-boss' }),
  ]);
  expect(await managers(database)).toHaveLength(1);
  expect(await registrations(database)).toHaveLength(1);
});

test('the embedded default without ADMIN_PASSWORD prints a generated password once, and keeps its token key', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'ims-auth-'));
  try {
    const database = await freshDatabase();
    const env = { IMS_DATA_DIR: dataDir };
    const { result: first, output } = await stdoutDuring(() => startOn(database, env, true));
    const printed = [...output.matchAll(/password \\?"([\w-]+)\\?"/g)].map((match) => match[1]!);
    expect(printed).toHaveLength(1);
    const signedIn = await loginAs(first.baseUrl, 'manager', printed[0]!);
    expect(signedIn.user.role).toBe('manager');
    const secrets = JSON.parse(await readFile(join(dataDir, 'secrets.json'), 'utf8')) as Record<string, string>;
    expect(secrets.jwtSecret).toEqual(expect.any(String));

    await first.app.close();
    const { result: second, output: again } = await stdoutDuring(() => startOn(database, env, true));
    expect(again).not.toContain(printed[0]!);
    expect(again).not.toMatch(/first manager created/);
    const me = await fetch(`${second.baseUrl}/api/auth/me`, { headers: authHeader(signedIn.token) });
    expect(me.status).toBe(200);
    // Closed before its data directory goes: a running app still writes there (the chain anchor), and rm fails.
    await second.app.close();
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});

test('outside the embedded default the app refuses to start without JWT_SECRET, saying so', async () => {
  const database = await freshDatabase();
  await expect(startOn(database, { ADMIN_PASSWORD: 'head-keeper-key-1' })).rejects.toThrow(/JWT_SECRET .*is required/);
  expect(await managers(database)).toEqual([]);
});

test('a registration whose writer died between the append and the read model is completed by the next start', async () => {
  const database = await freshDatabase();
  await (await startOn(database, configured)).app.close();

  const userId = '5d1c4f0e-7a53-4c8e-9d55-0c3b1f1e2a11';
  const pool = createPool(database.url);
  try {
    await pool.query('INSERT INTO user_credentials (user_id, password_hash) VALUES ($1, $2)', [
      userId,
      await hashPassword('late-password'),
    ]);
    await new EventStore(pool).append({
      streamId: userStreamId(userId),
      expectedVersion: 0,
      events: [{ type: 'UserRegistered', data: { userId, username: 'late', email: 'late@example.com', role: 'staff' } }],
    });
  } finally {
    await pool.end();
  }
  expect(await query(database, 'SELECT id FROM users WHERE id = $1', [userId])).toEqual([]);

  const restarted = await startOn(database, configured);
  expect((await loginAs(restarted.baseUrl, 'late', 'late-password')).user.id).toBe(userId);
});
