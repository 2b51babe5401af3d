import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { startRestartablePostgres, type RestartablePostgres } from './restartable-postgres';
import { startAppOn } from './test-app';

export interface OutageApp {
  readonly database: RestartablePostgres;
  readonly baseUrl: string;
}

/**
 * The real application on a PostgreSQL of the test file's own, started before its tests and removed
 * after them, for tests that stop the database under the app: the shared test cluster must never go down.
 */
export function appOnRestartablePostgres(): OutageApp {
  let database: RestartablePostgres | undefined;
  let app: NestFastifyApplication | undefined;
  let baseUrl: string | undefined;
  beforeAll(async () => {
    database = await startRestartablePostgres();
    ({ app, baseUrl } = await startAppOn(database.url));
  });
  afterAll(async () => {
    await app?.close();
    await database?.remove();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the outage app is used before its beforeAll ran');
    return value;
  };
  return {
    get database() {
      return started(database);
    },
    get baseUrl() {
      return started(baseUrl);
    },
  };
}
