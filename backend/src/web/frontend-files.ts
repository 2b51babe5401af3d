import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import accepts from 'accepts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { refusedOverlongPath } from './malformed-http';

const SERVER_PATHS = /^\/(api|ws|metrics|docs)(\/|$)/;

/** Angular names a built file by its content (`main-ABCD1234.js`), so a name never answers other bytes. */
const CONTENT_HASHED = /-[A-Z0-9]{8}\.[a-z0-9]+$/;
const IMMUTABLE = { maxAge: '365d', immutable: true };
const REVALIDATE = { cacheControl: false };

/** The one route that answers the app's files and its deep links. */
export const FRONTEND_FALLBACK_ROUTE = '/*';

/** The built Angular app: `IMS_FRONTEND_DIR`, else the first `frontend/dist/<project>/browser` of the build. */
export function findFrontendDir(configured: string | undefined, root = process.cwd()): string | undefined {
  if (configured) return existsSync(join(configured, 'index.html')) ? resolve(configured) : undefined;
  const dist = join(root, 'frontend', 'dist');
  if (!existsSync(dist)) return undefined;
  const candidates = [join(dist, 'browser'), ...readdirSync(dist).map((project) => join(dist, project, 'browser'))];
  return candidates.find((dir) => existsSync(join(dir, 'index.html')));
}

/** The build's files by URL path (`/main-ABC.js`), read once: a build does not change under a running server. */
function filesOf(dir: string): Set<string> {
  const names = readdirSync(dir, { recursive: true, encoding: 'utf8' });
  return new Set(names.filter((name) => statSync(join(dir, name)).isFile()).map((name) => `/${name.split('\\').join('/')}`));
}

/**
 * Serves the app on the API's origin: its files, and index.html for any other GET that is not
 * an API, WebSocket, metrics or docs path and takes HTML, so deep links work after a reload.
 * Everything else falls through to the API's not-found answer.
 */
export function serveFrontend(app: NestFastifyApplication, dir: string): void {
  const files = filesOf(dir);
  const fastify = app.getHttpAdapter().getInstance();
  void fastify.register(fastifyStatic, { root: dir, serve: false, preCompressed: true });
  fastify.get(FRONTEND_FALLBACK_ROUTE, async (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (files.has(path)) {
      if (CONTENT_HASHED.test(path)) return reply.sendFile(path.slice(1), IMMUTABLE);
      return reply.header('Cache-Control', 'no-cache').sendFile(path.slice(1), REVALIDATE);
    }
    if (SERVER_PATHS.test(path) || !accepts(request.raw).type('html')) {
      if (!refusedOverlongPath(path, reply)) reply.callNotFound();
      return;
    }
    return reply.header('Cache-Control', 'no-cache').sendFile('index.html', REVALIDATE);
  });
}
