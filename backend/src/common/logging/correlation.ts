import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { headerOf } from '../http-request';

export const CORRELATION_HEADER = 'X-Correlation-Id';

// A caller's id is echoed into headers, logs and event metadata: accept only a plain token,
// so a header can never inject log lines or swell every event.
const ACCEPTED_ID = /^[\w.:-]{1,128}$/;

const context = new AsyncLocalStorage<string>();

/**
 * The correlation id of the work in progress: the HTTP request's, or the one a consumer set with
 * `runWithCorrelationId` from an event's metadata. Undefined outside both.
 */
export function currentCorrelationId(): string | undefined {
  return context.getStore();
}

/** Runs `work` (and everything it starts) under `id`, e.g. a projector applying an event. */
export function runWithCorrelationId<T>(id: string, work: () => T): T {
  return context.run(id, work);
}

export function acceptedCorrelationId(given: string | undefined): string {
  return given !== undefined && ACCEPTED_ID.test(given) ? given : randomUUID();
}

/**
 * Takes the request's `X-Correlation-Id` (or makes one), returns it in the response header and
 * runs the rest of the request under it. Registered before the logger, whose request id it becomes.
 */
export function correlationMiddleware(request: IncomingMessage & { id?: string }, response: ServerResponse, next: () => void): void {
  const id = acceptedCorrelationId(headerOf(request, CORRELATION_HEADER));
  request.id = id;
  // Code that reads the header later sees the id in force, not a refused or missing one.
  request.headers[CORRELATION_HEADER.toLowerCase()] = id;
  response.setHeader(CORRELATION_HEADER, id);
  context.run(id, next);
}
