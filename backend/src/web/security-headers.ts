import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import helmet from 'helmet';
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

const INLINE_SCRIPT = /<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/gi;

/**
 * The CSP sources of index.html's inline scripts: the loader and the stylesheet switch that Angular's
 * `autoCsp` build writes instead of `<script src>` and `onload` attributes.
 */
export function inlineScriptHashes(html: string): string[] {
  return [...html.matchAll(INLINE_SCRIPT)].map(
    ([, text = '']) => `'sha256-${createHash('sha256').update(text.replace(/\r\n?/g, '\n'), 'utf8').digest('base64')}'`,
  );
}

const policy = (directives: Record<string, readonly string[]>): string =>
  Object.entries(directives)
    .map(([name, sources]) => [name, ...sources].join(' '))
    .join('; ');

const COMMON = {
  'default-src': ["'self'"],
  // Angular and Angular Material add <style> elements and style attributes at run time; a nonce would
  // make index.html differ per response (no pre-compressed file, no ETag), for styles alone.
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'"],
  // 'self' covers the same origin's ws: and wss: (CSP 3), where the live updates' socket is.
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/**
 * The policy of the app and of every API answer: only the scripts index.html names by hash run, and
 * what they load ('strict-dynamic'); no eval, no inline script or handler, no plugin, no framing.
 * A build without inline scripts (not the production one: no autoCsp) loads its scripts from 'self'.
 */
const appContentSecurityPolicy = (scriptHashes: readonly string[]): string =>
  policy({ ...COMMON, 'script-src': scriptHashes.length > 0 ? ["'strict-dynamic'", ...scriptHashes] : ["'self'"] });

/** Swagger UI at /docs loads its own scripts from /docs; it has no inline script either. */
const DOCS_CONTENT_SECURITY_POLICY = policy({ ...COMMON, 'script-src': ["'self'"] });

/** The camera for scanning labels, from the app's own origin only; no other powerful feature. */
const PERMISSIONS_POLICY = 'camera=(self), microphone=(), geolocation=(), payment=(), usb=()';

/**
 * helmet's headers (HSTS, nosniff, the cross-origin policies, Referrer-Policy...) but its
 * Content-Security-Policy, which is ours above; X-Frame-Options says what frame-ancestors 'none'
 * says, to browsers that know only the older header. With its CSP off none of them depends on the
 * request, so helmet runs once, against a response that records what it sets.
 */
function helmetHeaders(): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string) => {
      headers[name] = value;
    },
    removeHeader: () => undefined,
  };
  helmet({ contentSecurityPolicy: false, frameguard: { action: 'deny' } })(
    {} as IncomingMessage,
    recorder as unknown as ServerResponse,
    // Only the CSP middleware can pass an error on, and it is off.
    () => undefined,
  );
  return headers;
}

const DOCS_PATH = /^\/docs(\/|$|-json)/;
const API_PATH = /^\/api(\/|$)/;

/**
 * Content-Security-Policy, Permissions-Policy and helmet's headers on every answer, and `no-store`
 * on every API answer: they hold stock, money and people, which no shared or back-button cache
 * should keep. Set first, so that errors and not-found answers carry them too.
 */
export function secureResponses(app: NestFastifyApplication, scriptHashes: readonly string[]): void {
  const appPolicy = appContentSecurityPolicy(scriptHashes);
  const helmets = helmetHeaders();
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
      const path = request.url.split('?')[0] ?? '/';
      void reply.headers(helmets);
      void reply.header('Content-Security-Policy', DOCS_PATH.test(path) ? DOCS_CONTENT_SECURITY_POLICY : appPolicy);
      void reply.header('Permissions-Policy', PERMISSIONS_POLICY);
      if (API_PATH.test(path)) void reply.header('Cache-Control', 'no-store');
      done();
    });
}
