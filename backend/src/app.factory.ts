import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { WsAdapter } from '@nestjs/platform-ws';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { correlationMiddleware, problemValidationPipe } from './common';
import {
  ProblemFilter,
  serveApiDocs,
  findFrontendDir,
  serveFrontend,
  acceptJsonBodies,
  echoWritePositions,
  malformedHttpAnswers,
} from './web';
import type { AppSettings } from './config';
import { observeHttpRequests, Metrics } from './metrics';
import { MinPositionGuard } from './projections';
import { DOMAIN_PROBLEMS } from './domain-problems';

const BODY_LIMIT_BYTES = 64 * 1024;

/** Every route under /api but the Prometheus scrape and the API docs. */
export const prefixApiRoutes = (app: INestApplication): void => {
  app.setGlobalPrefix('api', { exclude: ['metrics', 'docs'] });
};

/**
 * The configured application, not yet listening: `main.ts` and the tests both start it. Fastify
 * rather than Express under Nest: the same routes at a third of the CPU per request.
 */
export async function createApp(settings: AppSettings): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    routerOptions: { ignoreTrailingSlash: true },
    trustProxy: settings.config.trustProxy,
    ...malformedHttpAnswers,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(settings), adapter, {
    bodyParser: false,
    bufferLogs: true,
  });
  acceptJsonBodies(app, BODY_LIMIT_BYTES);
  app.useLogger(app.get(Logger));
  app.useWebSocketAdapter(new WsAdapter(app));
  app.use(correlationMiddleware);
  observeHttpRequests(app, app.get(Metrics));
  echoWritePositions(app);
  app.use(helmet({ contentSecurityPolicy: false }));
  prefixApiRoutes(app);
  // After the global access guard (APP_GUARD), so only a signed-in caller can make a read wait.
  app.useGlobalGuards(app.get(MinPositionGuard));
  app.useGlobalPipes(problemValidationPipe());
  app.useGlobalFilters(new ProblemFilter(DOMAIN_PROBLEMS));
  serveApiDocs(app);
  const frontend = findFrontendDir(settings.config.frontendDir);
  if (frontend) serveFrontend(app, frontend);
  return app;
}
