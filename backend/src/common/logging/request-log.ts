import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Level, Logger } from 'pino';
import { headerOf } from '../http-request';
import { CORRELATION_HEADER } from './correlation';
import { redactUrl } from './log-redaction';

const API_PATH = /^\/api(\/|\?|$)/;
// Probes arrive every few seconds: logging each would drown the requests that matter.
const PROBE_PATH = /^\/api\/health(\?|$)/;

/**
 * One line per API request, once answered (or given up on by its client): its method, URL (with
 * secrets in the query redacted), status, time and correlation id, never headers or bodies. A
 * refused request (4xx) is the API working as meant; only the server's own failures are errors.
 * A line is built only when its level is on.
 */
export class RequestLog {
  constructor(private readonly logger: Logger) {}

  answered(request: FastifyRequest, reply: FastifyReply): void {
    const failed = reply.statusCode >= 500;
    this.write(failed ? 'error' : 'info', request, failed ? 'request errored' : 'request completed', {
      res: { statusCode: reply.statusCode },
      responseTime: Math.round(reply.elapsedTime),
    });
  }

  /** Its client closed the connection before the answer was sent: a proxy's timeout, a closed tab. */
  aborted(request: FastifyRequest): void {
    this.write('info', request, 'request aborted', {});
  }

  private write(level: Level, request: FastifyRequest, message: string, outcome: object): void {
    const { method, url } = request;
    if (!this.logger.isLevelEnabled(level) || !API_PATH.test(url) || (method === 'GET' && PROBE_PATH.test(url))) return;
    this.logger[level]({ req: { method, url: redactUrl(url) }, ...outcome, correlationId: headerOf(request, CORRELATION_HEADER) }, message);
  }
}

/** Writes each request's line once its answer is sent or its client gives up. */
export function logRequests(app: NestFastifyApplication, log: RequestLog): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
      log.answered(request, reply);
      done();
    })
    .addHook('onRequestAbort', (request: FastifyRequest, done: () => void) => {
      log.aborted(request);
      done();
    });
}
