import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../app.factory';
import { loadConfig } from '../../config/app-config';

export const TEST_SECRET = 'test-secret-of-enough-length-0123456789';

export interface Replica {
  readonly app: NestFastifyApplication;
  /** e.g. http://127.0.0.1:41234 */
  readonly baseUrl: string;
  close(): Promise<void>;
}

/** An API replica on an existing database, configured as `startTestApp` does (`env` overriding); closing it leaves the database. */
export async function startReplica(databaseUrl: string, adminPassword: string, env: Record<string, string> = {}): Promise<Replica> {
  const config = loadConfig({ JWT_SECRET: TEST_SECRET, ADMIN_PASSWORD: adminPassword, ...env });
  const app = await createApp({ config, databaseUrl, embedded: false });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { app, baseUrl: `http://127.0.0.1:${port}`, close: () => app.close() };
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
