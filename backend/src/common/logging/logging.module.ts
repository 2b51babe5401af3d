import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { pino } from 'pino';
import type { LogLevel } from '../../config';
import { REDACTED_PATHS } from './log-redaction';
import { RequestLog } from './request-log';

export interface LoggingOptions {
  readonly level: LogLevel;
}

/**
 * One JSON line per log entry on stdout (pino). Nest's Logger writes through nestjs-pino; each
 * request's line (RequestLog) holds its method, URL, status and correlation id, never headers or
 * bodies, and secret-looking fields are redacted everywhere. nestjs-pino's own request middleware
 * is left out: it runs every request in an AsyncLocalStorage, which turns on Node 20's promise
 * hooks for the whole process. Lines written during a request by other code therefore carry no
 * request context; the problem filter names the correlation id on the errors it logs.
 */
@Module({})
export class LoggingModule {
  static forRoot(options: LoggingOptions): DynamicModule {
    // process.stdout rather than pino's own fd writer: synchronous for pipes and files on Linux,
    // and the one place a test can read what was logged.
    const logger = pino({ level: options.level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, process.stdout);
    return {
      module: LoggingModule,
      // Nest's Logger over the same pino logger; nestjs-pino applies its request middleware to no route.
      imports: [LoggerModule.forRoot({ pinoHttp: { logger }, forRoutes: [] })],
      providers: [{ provide: RequestLog, useValue: new RequestLog(logger) }],
      exports: [RequestLog],
    };
  }
}
