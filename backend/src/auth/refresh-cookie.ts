import type { FastifyReply, FastifyRequest } from 'fastify';
import { headerOf } from '../common';

export const REFRESH_COOKIE = 'ims_refresh';
/** Sent only to the routes that need it: refresh, logout and password change. */
const REFRESH_COOKIE_PATH = '/api/auth';

/** The refresh token the request's cookie carries, if any. */
export function refreshTokenOf(request: FastifyRequest): string | undefined {
  for (const pair of (headerOf(request, 'cookie') ?? '').split(';')) {
    const [name, value] = pair.trim().split('=', 2);
    if (name === REFRESH_COOKIE && value) return value;
  }
  return undefined;
}

function cookie(request: FastifyRequest, value: string, maxAgeSeconds: number): string {
  // Secure only over HTTPS (as Fastify sees it: behind a TLS proxy that needs TRUST_PROXY): a browser drops Secure cookies sent over plain http.
  const secure = request.protocol === 'https' ? '; Secure' : '';
  return `${REFRESH_COOKIE}=${value}; Path=${REFRESH_COOKIE_PATH}; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Strict${secure}`;
}

export function setRefreshCookie(request: FastifyRequest, reply: FastifyReply, token: string, maxAgeSeconds: number): void {
  void reply.header('set-cookie', cookie(request, token, maxAgeSeconds));
}

export function clearRefreshCookie(request: FastifyRequest, reply: FastifyReply): void {
  void reply.header('set-cookie', cookie(request, '', 0));
}
