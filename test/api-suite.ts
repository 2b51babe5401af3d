import { Client } from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { seededManager, tokenFor } from './auth-helpers';
import { startTestApp, type TestApp } from './test-app';

/** What an API suite's tests work against: the app on a database of its own, a connection to that database, and two users signed in. */
export interface ApiSuite {
  readonly app: TestApp;
  readonly db: Client;
  /** The seeded manager's access token. */
  readonly manager: string;
  /** A staff member's access token. */
  readonly staff: string;
  /** The staff member's username. */
  readonly staffName: string;
}

/**
 * Starts the suite before its tests (handing it to `use`, which keeps what it needs) and closes it
 * after them. `env` overrides the app's configuration as the environment would.
 */
export function apiSuite(use: (suite: ApiSuite) => void, env: Record<string, string> = {}): void {
  let app: TestApp | undefined;
  let db: Client | undefined;
  beforeAll(async () => {
    app = await startTestApp(env);
    db = new Client({ connectionString: app.database.url });
    await db.connect();
    const manager = (await seededManager(app)).token;
    const staff = await tokenFor(app, 'staff');
    use({ app, db, manager, staff: staff.token, staffName: staff.user.username });
  });
  afterAll(async () => {
    await db?.end();
    await app?.close();
  });
}

/** The events written so far, low-stock alerts aside: their own streams follow writes asynchronously, not as a request's writes. */
export async function writtenEvents(db: Client): Promise<number> {
  const { rows } = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM events WHERE stream_id NOT LIKE 'low-stock-alert-%'");
  return rows[0]?.n ?? 0;
}
