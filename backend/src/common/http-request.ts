import type { FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';

/** A request as Nest hands it to guards, interceptors and controllers; the access guard puts the signed-in user on it. */
export type HttpRequest = FastifyRequest & { user?: unknown };

/** A header's value, when the request has it once (Node joins repeats of most headers into one). */
export function headerOf(request: { readonly headers: IncomingHttpHeaders }, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return typeof value === 'string' ? value : undefined;
}
