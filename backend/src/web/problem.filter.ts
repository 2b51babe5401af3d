import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { asDatabaseUnavailable, DATABASE_RETRY_AFTER_SECONDS } from '../database';
import {
  CORRELATION_HEADER,
  headerOf,
  problem,
  ProblemException,
  type HttpRequest,
  type ProblemDetails,
  type ProblemKind,
} from '../common';

const KIND_BY_STATUS: Record<number, ProblemKind> = {
  400: 'validation',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  412: 'precondition-failed',
  416: 'range-not-satisfiable',
  429: 'rate-limited',
  503: 'unavailable',
};

/** What Fastify refuses before any handler runs, in our words. */
const BODY_REFUSALS: Record<number, [ProblemKind, string]> = {
  413: ['payload-too-large', 'The body exceeds the size limit'],
  415: ['unsupported-media-type', 'The body must be JSON, sent with Content-Type: application/json'],
};

/** The status of an http-errors error meant for the client, as the static file sender throws (412, 416). */
function clientErrorStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { status, expose } = error as { status?: unknown; expose?: unknown };
  return expose === true && typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

/** An error class for instanceof; not a `new` signature, which abstract or protected constructors lack. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- instanceof needs a Function, and a `new` signature would refuse those classes
type ErrorClass<E extends Error> = Function & { readonly prototype: E };

/** How one domain or application error class is answered (see backend/src/domain-problems.ts). */
export interface DomainProblem<E extends Error = Error> {
  readonly error: ErrorClass<E>;
  readonly problem: (error: E) => ProblemDetails;
  /** Headers beside the body, e.g. a Retry-After the body does not carry. */
  readonly headers?: Readonly<Record<string, string>>;
}

export const domainProblem = <E extends Error>(
  error: ErrorClass<E>,
  answer: (error: E) => ProblemDetails,
  headers?: Readonly<Record<string, string>>,
): DomainProblem => ({ error, problem: answer as (error: Error) => ProblemDetails, headers });

/**
 * Every error leaves as RFC 9457 problem+json: the domain's and the application's errors as the
 * table given says (the first entry the error is an instance of), the HTTP edge's own as its
 * ProblemException says; unexpected ones are logged, never shown. A database that cannot be
 * reached is 503 `service-unavailable` with `Retry-After`, wherever the request met it.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  constructor(private readonly domainProblems: readonly DomainProblem[]) {}

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const mapped = this.domainProblems.find((entry) => error instanceof entry.error);
    const http = host.switchToHttp();
    const details = mapped ? mapped.problem(error as Error) : this.describe(error, http.getRequest<HttpRequest>());
    const reply = http.getResponse<FastifyReply>();
    if (reply.sent) return;
    for (const [name, value] of Object.entries(mapped?.headers ?? {})) reply.header(name, value);
    if (typeof details.retryAfter === 'number') reply.header('Retry-After', String(details.retryAfter));
    void reply.code(details.status).type('application/problem+json').send(JSON.stringify(details));
  }

  /** The problem to answer; an unexpected error is logged with the request's correlation id (correlateRequests put it in the header). */
  private describe(error: unknown, request: HttpRequest): ProblemDetails {
    if (error instanceof ProblemException) return error.details;
    // The request's own stream failed: its client left before sending all of it (the request log
    // says so). Its ECONNRESET is not the database's, and nothing of ours is at fault.
    if (error instanceof Error && error === request.raw.errored) return problem('validation', 'The request was not received whole');
    const correlationId = headerOf(request, CORRELATION_HEADER);
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const refusal = BODY_REFUSALS[status];
      if (refusal) return problem(...refusal);
      const kind = KIND_BY_STATUS[status] ?? (status >= 500 ? 'internal' : 'validation');
      const body = error.getResponse();
      const message = typeof body === 'object' && 'message' in body ? body.message : body;
      return { ...problem(kind, Array.isArray(message) ? message.join('; ') : String(message)), status };
    }
    const clientStatus = clientErrorStatus(error);
    if (clientStatus !== undefined) {
      return { ...problem(KIND_BY_STATUS[clientStatus] ?? 'validation', (error as Error).message), status: clientStatus };
    }
    const unavailable = asDatabaseUnavailable(error);
    if (unavailable) {
      this.logger.warn({ msg: unavailable.message, correlationId });
      return problem('service-unavailable', 'The database cannot be reached right now; try again shortly', {
        retryAfter: DATABASE_RETRY_AFTER_SECONDS,
      });
    }
    this.logger.error({ msg: error instanceof Error ? (error.stack ?? error.message) : String(error), correlationId });
    return problem('internal', 'Something went wrong on our side; it has been logged');
  }
}
