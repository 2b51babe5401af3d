import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Module, RequestMethod, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { pino, type Level } from 'pino';
import { pinoHttp, type HttpLogger } from 'pino-http';
import type { LogLevel } from '../../config';
import { REDACTED_PATHS, redactUrl } from './log-redaction';

export interface LoggingOptions {
  readonly level: LogLevel;
}

type RequestWithId = IncomingMessage & { id?: unknown; originalUrl?: string };

// Probes and scrapes arrive every few seconds: logging each would drown the requests that matter.
const QUIET_PATHS = new Set(['/metrics', '/api/health']);

const isProbe = (request: RequestWithId) =>
  request.method === 'GET' && QUIET_PATHS.has((request.originalUrl ?? request.url ?? '').split('?')[0] ?? '');

// A refused request (4xx) is the API working as meant; only the server's own failures are errors.
const levelOf = (_request: IncomingMessage, response: ServerResponse, error?: Error): Level =>
  error || response.statusCode >= 500 ? 'error' : 'info';

/** The request logger (pino-http), applied to the routes as Nest middleware by LoggingModule. */
const REQUEST_LOGGER = Symbol('REQUEST_LOGGER');

/**
 * One JSON line per log entry on stdout (pino). Nest's Logger writes through nestjs-pino; each
 * request's line (pino-http) holds its method, URL, status and correlation id, never headers or
 * bodies, and secret-looking fields are redacted everywhere. nestjs-pino's own request middleware
 * is left out: it runs every request in an AsyncLocalStorage, which turns on Node 20's promise
 * hooks for the whole process. Lines written during a request by other code therefore carry no
 * request context; the problem filter names the correlation id on the errors it logs.
 */
@Module({})
export class LoggingModule implements NestModule {
  constructor(@Inject(REQUEST_LOGGER) private readonly requestLogger: HttpLogger) {}

  static forRoot(options: LoggingOptions): DynamicModule {
    const withCorrelation = (request: RequestWithId, value: object) => ({ ...value, correlationId: request.id });
    // process.stdout rather than pino's own fd writer: synchronous for pipes and files on Linux,
    // and the one place a test can read what was logged.
    const logger = pino({ level: options.level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, process.stdout);
    const requestLogger = pinoHttp({
      logger,
      serializers: {
        req: (request: { method: string; url: string }) => ({ method: request.method, url: redactUrl(request.url) }),
        res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
      },
      customLogLevel: levelOf,
      // The request's id is its correlation id (correlationMiddleware runs first).
      customSuccessObject: (request: RequestWithId, _response: ServerResponse, value: object) => withCorrelation(request, value),
      customErrorObject: (request: RequestWithId, _response: ServerResponse, _error: Error, value: object) =>
        withCorrelation(request, value),
      autoLogging: { ignore: isProbe },
    });
    return {
      module: LoggingModule,
      // Nest's Logger over the same pino logger; nestjs-pino applies its request middleware to no route.
      imports: [LoggerModule.forRoot({ pinoHttp: { logger }, forRoutes: [] })],
      providers: [{ provide: REQUEST_LOGGER, useValue: requestLogger }],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    // Under the global prefix this is every /api route; /metrics and the app's files go unlogged.
    consumer.apply(this.requestLogger).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
