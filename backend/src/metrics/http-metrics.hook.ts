import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { FRONTEND_FALLBACK_ROUTE } from '../web';
import { UNMATCHED_ROUTE, type Metrics } from './metrics';

/** The route pattern Fastify matched (`/api/items/:id`), never the raw URL, so ids do not multiply the series. */
const routeOf = (request: FastifyRequest): string => {
  const route = request.routeOptions.url;
  return route === undefined || route === FRONTEND_FALLBACK_ROUTE ? UNMATCHED_ROUTE : route;
};

/** Times every request once its answer is sent, labelled by method, route pattern and status. */
export function observeHttpRequests(app: NestFastifyApplication, metrics: Metrics): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
      metrics.observeHttpRequest(request.method, routeOf(request), reply.statusCode, reply.elapsedTime / 1000);
    });
}
