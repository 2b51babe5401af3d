import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { WsAdapter } from '@nestjs/platform-ws';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { correlationMiddleware } from './common/logging/correlation';
import { ProblemFilter } from './common/problem/problem.filter';
import { problemValidationPipe } from './common/problem/validation.pipe';
import type { AppSettings } from './config/app-settings';
import { httpMetrics } from './metrics/http-metrics.middleware';
import { Metrics } from './metrics/metrics';
import { findFrontendDir, serveFrontend } from './web/frontend-files';

export const BODY_LIMIT = '64kb';

/** The configured application, not yet listening: `main.ts` and the tests both start it. */
export async function createApp(settings: AppSettings): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(settings), {
    bodyParser: false,
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.useWebSocketAdapter(new WsAdapter(app));
  app.use(correlationMiddleware);
  app.use(httpMetrics(app.get(Metrics)));
  app.use(helmet({ contentSecurityPolicy: false }));
  app.useBodyParser('json', { limit: BODY_LIMIT });
  app.setGlobalPrefix('api', { exclude: ['metrics', 'docs'] });
  app.useGlobalPipes(problemValidationPipe());
  app.useGlobalFilters(new ProblemFilter());
  const frontend = findFrontendDir(settings.config.frontendDir);
  if (frontend) serveFrontend(app, frontend);
  return app;
}
