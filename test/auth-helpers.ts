import { randomBytes } from 'node:crypto';
import type { AuthUser, Role } from '../backend/src/access/auth-user';
import type { TestApp } from './test-app';

/** The manager `startTestApp` seeds (ADMIN_PASSWORD there is `stock-keeper-key-1`). */
export const SEEDED_MANAGER = { username: 'manager', password: 'stock-keeper-key-1' } as const;

export interface SignedIn {
  readonly token: string;
  readonly user: AuthUser;
}

export const authHeader = (token: string) => ({ authorization: `Bearer ${token}` });

async function json<T>(response: Response, what: string): Promise<T> {
  if (!response.ok) throw new Error(`${what} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

export async function loginAs(baseUrl: string, username: string, password: string): Promise<SignedIn> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = await json<{ accessToken: string; user: AuthUser }>(response, `login as ${username}`);
  return { token: body.accessToken, user: body.user };
}

// One sign-in of the seeded manager per app is enough: its token serves every test of the file.
const managers = new WeakMap<TestApp, Promise<SignedIn>>();

export function seededManager(testApp: TestApp): Promise<SignedIn> {
  let signedIn = managers.get(testApp);
  if (!signedIn) {
    signedIn = loginAs(testApp.baseUrl, SEEDED_MANAGER.username, SEEDED_MANAGER.password);
    managers.set(testApp, signedIn);
    signedIn.catch(() => managers.delete(testApp));
  }
  return signedIn;
}

/**
 * A new user of `role`, created through the API by the seeded manager, and signed in.
 * The password is returned too, for tests that sign in again.
 */
export async function tokenFor(testApp: TestApp, role: Role): Promise<SignedIn & { password: string }> {
  const manager = await seededManager(testApp);
  const suffix = randomBytes(4).toString('hex');
  const password = `password-${suffix}`;
  const username = `${role}-${suffix}`;
  const response = await fetch(`${testApp.baseUrl}/api/users`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authHeader(manager.token) },
    body: JSON.stringify({ username, email: `${username}@example.com`, password, role }),
  });
  await json(response, `creating a ${role}`);
  return { ...(await loginAs(testApp.baseUrl, username, password)), password };
}

/** PATCH /api/users/:id `{role}` as `token`'s user; the raw answer, for tests that expect a refusal. */
export const setRole = (baseUrl: string, token: string, userId: string, role: Role) =>
  fetch(`${baseUrl}/api/users/${userId}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', ...authHeader(token) },
    body: JSON.stringify({ role }),
  });
