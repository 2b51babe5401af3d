import type { FastifyError, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { problem, type ProblemDetails, type ProblemKind } from '../common';

const PROBLEM_JSON = 'application/problem+json';

/** Node's parser errors that have an answer of their own; every other one is a malformed request. */
const CONNECTION_REFUSALS: Record<string, [ProblemKind, string]> = {
  ERR_HTTP_REQUEST_TIMEOUT: ['request-timeout', 'The request was not received in time'],
  HPE_HEADER_OVERFLOW: ['headers-too-large', 'The request headers exceed the size limit'],
};

/** The longest path segment the router takes as a route parameter: as long as what a scanner reads (a QR code can hold a long URL). */
export const MAX_PATH_SEGMENT = 2048;

const overlongSegment = () => problem('uri-too-long', `A path segment exceeds ${MAX_PATH_SEGMENT} characters`);

/** What Fastify's router refuses before any route runs, in our words; anything else is ours, and logged. */
function routerRefusal(error: FastifyError, request: FastifyRequest): ProblemDetails {
  if (error.code === 'FST_ERR_BAD_URL') return problem('validation', 'The URL is not validly percent-encoded');
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') return overlongSegment();
  request.log.error(error);
  return problem('internal', 'Something went wrong on our side; it has been logged');
}

/**
 * Whether a response to an earlier request on this keep-alive connection is already being written:
 * an error answer would then corrupt it. Node's own default handler checks the same private fields.
 */
const answering = (socket: Socket) => (socket as Socket & { _httpMessage?: { _headerSent?: boolean } })._httpMessage?._headerSent === true;

/**
 * A request Node's HTTP parser cannot read (bad request line, bad header, invalid Content-Length,
 * headers too large) never reaches Fastify's routes: it is answered on the socket, as Node does by
 * default, but as problem+json, and the connection is closed.
 */
function answerUnreadableRequest(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [kind, detail] = CONNECTION_REFUSALS[error.code ?? ''] ?? ['validation', 'The request is not valid HTTP'];
  const details = problem(kind, detail);
  const body = JSON.stringify(details);
  if (socket.writable && !answering(socket)) {
    socket.write(
      `HTTP/1.1 ${details.status} ${STATUS_CODES[details.status]}\r\nConnection: close\r\nContent-Type: ${PROBLEM_JSON}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

/**
 * Answers 414 for a path with a segment longer than the router takes, as the router does when no
 * catch-all route (the web app's) takes the path instead; false when every segment is short enough.
 */
export function refusedOverlongPath(path: string, reply: FastifyReply): boolean {
  if (path.split('/').every((segment) => segment.length <= MAX_PATH_SEGMENT)) return false;
  const details = overlongSegment();
  void reply.code(details.status).type(PROBLEM_JSON).send(JSON.stringify(details));
  return true;
}

/** The Fastify options under which malformed HTTP is answered as RFC 9457 problem+json, like every other refusal. */
export const malformedHttpAnswers: Pick<FastifyServerOptions, 'clientErrorHandler' | 'frameworkErrors'> = {
  clientErrorHandler: answerUnreadableRequest,
  frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const details = routerRefusal(error, request);
    void reply.code(details.status).type(PROBLEM_JSON).send(JSON.stringify(details));
  },
};
