import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { headerOf } from '../http-request';

export const CORRELATION_HEADER = 'X-Correlation-Id';

// A caller's id is echoed into headers, logs and event metadata: accept only a plain token,
// so a header can never inject log lines or swell every event.
const ACCEPTED_ID = /^[\w.:-]{1,128}$/;

export function acceptedCorrelationId(given: string | undefined): string {
  return given !== undefined && ACCEPTED_ID.test(given) ? given : randomUUID();
}

/**
 * Takes the request's `X-Correlation-Id` (or makes one) as the request's id and returns it in the
 * response header. Registered before the request logger, whose request id it becomes. Nothing
 * carries it implicitly (no AsyncLocalStorage, whose promise hooks cost Node 20 a fifth of the
 * API's CPU per movement): the request's log lines and its events name it from the request.
 */
export function correlationMiddleware(request: IncomingMessage & { id?: string }, response: ServerResponse, next: () => void): void {
  const id = acceptedCorrelationId(headerOf(request, CORRELATION_HEADER));
  request.id = id;
  // Code that reads the header later sees the id in force, not a refused or missing one.
  request.headers[CORRELATION_HEADER.toLowerCase()] = id;
  response.setHeader(CORRELATION_HEADER, id);
  next();
}
