import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { WsAdapter } from '@nestjs/platform-ws';
import { Logger } from 'nestjs-pino';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppModule } from './app.module';
import { correlateRequests, logRequests, problemValidationPipe, RequestLog } from './common';
import {
  ProblemFilter,
  serveApiDocs,
  findFrontendDir,
  serveFrontend,
  acceptJsonBodies,
  acceptFileUploads,
  echoWritePositions,
  malformedHttpAnswers,
  MAX_PATH_SEGMENT,
  inlineScriptHashes,
  secureResponses,
  POSITION_HEADER,
} from './web';
import type { AppSettings } from './config';
import { observeHttpRequests, Metrics } from './metrics';
import { LIVE_READ_HEADERS, stampLivePositions } from './live';
import { MinPositionGuard } from './projections';
import { DOMAIN_PROBLEMS } from './domain-problems';

const BODY_LIMIT_BYTES = 64 * 1024;

/** The API's routes' prefix. */
const API_PREFIX = 'api';

/** Every route under /api but the Prometheus scrape and the API docs. */
export const prefixApiRoutes = (app: INestApplication): void => {
  app.setGlobalPrefix(API_PREFIX, { exclude: ['metrics', 'docs'] });
};

/**
 * TRUST_PROXY's number is how many proxies stand in front: that many hops from the socket are
 * believed (proxy-addr's count). Fastify 5.12 takes a bare number as trusting nobody, because a
 * client that reaches the API directly could then name its own address; the deployments here make
 * nginx the only way in, so the count goes to Fastify as the function it always stood for.
 */
const trustProxyOf = (setting: boolean | number | string) =>
  typeof setting === 'number' ? (_address: string, hop: number) => hop < setting : setting;

/**
 * The configured application, not yet listening: `main.ts` and the tests both start it. Fastify
 * rather than Express under Nest: the same routes at a third of the CPU per request.
 */
export async function createApp(settings: AppSettings): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: MAX_PATH_SEGMENT },
    trustProxy: trustProxyOf(settings.config.trustProxy),
    ...malformedHttpAnswers,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(settings), adapter, {
    bodyParser: false,
    bufferLogs: true,
  });
  acceptJsonBodies(app, BODY_LIMIT_BYTES);
  await acceptFileUploads(app, settings.config.imports.maxBytes);
  app.useLogger(app.get(Logger));
  app.useWebSocketAdapter(new WsAdapter(app));
  const frontend = findFrontendDir(settings.config.frontendDir);
  secureResponses(app, frontend ? inlineScriptHashes(readFileSync(join(frontend, 'index.html'), 'utf8')) : []);
  correlateRequests(app);
  logRequests(app, app.get(RequestLog));
  observeHttpRequests(app, app.get(Metrics));
  echoWritePositions(app);
  stampLivePositions(app, `/${API_PREFIX}/`);
  if (settings.config.corsOrigins.length > 0) {
    app.enableCors({
      origin: [...settings.config.corsOrigins],
      credentials: true,
      exposedHeaders: [POSITION_HEADER, ...LIVE_READ_HEADERS],
    });
  }
  prefixApiRoutes(app);
  // After the global access guard (APP_GUARD), so only a signed-in caller can make a read wait.
  app.useGlobalGuards(app.get(MinPositionGuard));
  app.useGlobalPipes(problemValidationPipe());
  app.useGlobalFilters(new ProblemFilter(DOMAIN_PROBLEMS));
  serveApiDocs(app);
  if (frontend) serveFrontend(app, frontend);
  return app;
}
