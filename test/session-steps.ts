import { authHeader } from './auth-helpers';
import { REFRESH_COOKIE } from '../backend/src/auth/refresh-cookie';

/** One sign-in step (login, refresh, logout) as a browser makes it: the refresh cookie in, the new one out. */
export interface Step {
  readonly status: number;
  readonly body: Record<string, unknown>;
  /** The Set-Cookie header, if any. */
  readonly setCookie: string | null;
  /** The new refresh token the answer sets, if any. */
  readonly cookie: string | undefined;
}

const cookieValue = (setCookie: string | null) => setCookie?.match(new RegExp(`^${REFRESH_COOKIE}=([^;]*)`))?.[1] || undefined;

export async function step(baseUrl: string, path: string, options: { cookie?: string; body?: object; token?: string } = {}): Promise<Step> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: {
      ...(options.body ? { 'content-type': 'application/json' } : {}),
      ...(options.cookie ? { cookie: `${REFRESH_COOKIE}=${options.cookie}` } : {}),
      ...(options.token ? authHeader(options.token) : {}),
    },
    body: options.body ? JSON.stringify(options.body) : undefined,
  });
  const text = await response.text();
  const setCookie = response.headers.get('set-cookie');
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    setCookie,
    cookie: cookieValue(setCookie),
  };
}

export const signIn = (baseUrl: string, username: string, password: string) =>
  step(baseUrl, '/api/auth/login', { body: { username, password } });
export const refresh = (baseUrl: string, cookie: string | undefined) => step(baseUrl, '/api/auth/refresh', { cookie });
