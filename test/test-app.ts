import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../backend/src/app.factory';
import { loadConfig } from '../backend/src/config/app-config';
import { createTestDatabase, type TestDatabase } from './test-database';

export interface TestApp {
  readonly app: NestFastifyApplication;
  readonly database: TestDatabase;
  /** e.g. http://127.0.0.1:41234 */
  readonly baseUrl: string;
  close(): Promise<void>;
}

/**
 * The real application on a fresh database of its own, listening on a free port.
 * `env` overrides configuration the way the environment would.
 */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const { app, baseUrl } = await startAppOn(database.url, env);
  return {
    app,
    database,
    baseUrl,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

/** The real application on the database at `url` (which the caller owns), listening on a free port. */
export async function startAppOn(url: string, env: Record<string, string> = {}): Promise<Pick<TestApp, 'app' | 'baseUrl'>> {
  const config = loadConfig({ JWT_SECRET: 'test-secret-of-enough-length-0123456789', ADMIN_PASSWORD: 'stock-keeper-key-1', ...env });
  const app = await createApp({ config, databaseUrl: url, embedded: false });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { app, baseUrl: `http://127.0.0.1:${port}` };
}
