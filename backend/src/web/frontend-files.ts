import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

const SERVER_PATHS = /^\/(api|ws|metrics|docs)(\/|$)/;

/** The built Angular app: `IMS_FRONTEND_DIR`, else the first `frontend/dist/<project>/browser` of the build. */
export function findFrontendDir(configured: string | undefined, root = process.cwd()): string | undefined {
  if (configured) return existsSync(join(configured, 'index.html')) ? resolve(configured) : undefined;
  const dist = join(root, 'frontend', 'dist');
  if (!existsSync(dist)) return undefined;
  const candidates = [join(dist, 'browser'), ...readdirSync(dist).map((project) => join(dist, project, 'browser'))];
  return candidates.find((dir) => existsSync(join(dir, 'index.html')));
}

/**
 * Serves the app on the API's origin: its files, and index.html for any other GET that is not
 * an API, WebSocket, metrics or docs path, so deep links work after a reload.
 */
export function serveFrontend(app: NestExpressApplication, dir: string): void {
  app.useStaticAssets(dir, { index: false, maxAge: '1h', immutable: false });
  const index = join(dir, 'index.html');
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (request.method !== 'GET' || SERVER_PATHS.test(request.path) || !request.accepts('html')) return next();
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(index);
  });
}
