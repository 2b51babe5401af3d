import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { headerOf } from '../http-request';

export const CORRELATION_HEADER = 'X-Correlation-Id';

// A caller's id is echoed into headers, logs and event metadata: accept only a plain token,
// so a header can never inject log lines or swell every event.
const ACCEPTED_ID = /^[\w.:-]{1,128}$/;

export function acceptedCorrelationId(given: string | undefined): string {
  return given !== undefined && ACCEPTED_ID.test(given) ? given : randomUUID();
}

/**
 * Takes each request's `X-Correlation-Id` (or makes one) and returns it in the response header.
 * Nothing carries it implicitly (no AsyncLocalStorage, whose promise hooks cost Node 20 a fifth of
 * the API's CPU per movement): the request's log line and its events name it from the request.
 * A Fastify hook, like the security headers, not Express-style middleware, which would send every
 * request through middie.
 */
export function correlateRequests(app: NestFastifyApplication): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
      const id = acceptedCorrelationId(headerOf(request, CORRELATION_HEADER));
      // Code that reads the header later sees the id in force, not a refused or missing one.
      request.headers[CORRELATION_HEADER.toLowerCase()] = id;
      void reply.header(CORRELATION_HEADER, id);
      done();
    });
}
