import type { IncomingMessage, ServerResponse } from 'node:http';
import { Module, RequestMethod, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Level } from 'pino';
import type { LogLevel } from '../../config';
import { currentCorrelationId } from './correlation';
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

/**
 * One JSON line per log entry on stdout (nestjs-pino over pino-http). Every line written while a
 * request or a `runWithCorrelationId` scope is running carries its `correlationId`; request lines
 * hold only method and URL (never headers or bodies), and secret-looking fields are redacted.
 */
@Module({})
export class LoggingModule {
  static forRoot(options: LoggingOptions): DynamicModule {
    const withCorrelation = (request: RequestWithId, value: object) => ({ ...value, correlationId: request.id });
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: [
            {
              level: options.level,
              mixin: () => {
                const correlationId = currentCorrelationId();
                return correlationId === undefined ? {} : { correlationId };
              },
              redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
              serializers: {
                req: (request: { method: string; url: string }) => ({ method: request.method, url: redactUrl(request.url) }),
                res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
              },
              customLogLevel: levelOf,
              // The response may finish outside the request's async context: name its id explicitly.
              customSuccessObject: (request: RequestWithId, _response: ServerResponse, value: object) => withCorrelation(request, value),
              customErrorObject: (request: RequestWithId, _response: ServerResponse, _error: Error, value: object) =>
                withCorrelation(request, value),
              autoLogging: { ignore: isProbe },
            },
            // process.stdout rather than pino's own fd writer: synchronous for pipes and files on Linux,
            // and the one place a test can read what was logged.
            process.stdout,
          ],
          // Under the global prefix this is every /api route; /metrics and the app's files go unlogged.
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
        }),
      ],
    };
  }
}
