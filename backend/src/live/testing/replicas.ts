import { loadConfig } from '../../config/app-config';
import { createApp } from '../../app.factory';
import type { TestApp } from '../../../../test/test-app';
import type { TestDatabase } from '../../../../test/test-database';

export const TEST_SECRET = 'test-secret-of-enough-length-0123456789';

/** An API replica on an existing database, as `startTestApp` configures one; closing it leaves the database. */
export async function startReplica(database: TestDatabase): Promise<TestApp> {
  const config = loadConfig({ JWT_SECRET: TEST_SECRET, ADMIN_PASSWORD: 'manager-password-1' });
  const app = await createApp({ config, databaseUrl: database.url, embedded: false });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { app, database, baseUrl: `http://127.0.0.1:${port}`, close: () => app.close() };
}

export interface Answer<T = Record<string, unknown>> {
  readonly status: number;
  readonly body: T;
}

/** One JSON call to the API as `token`'s user. */
export async function call<T = Record<string, unknown>>(
  baseUrl: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer<T>> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
}
