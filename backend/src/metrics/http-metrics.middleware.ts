import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { UNMATCHED_ROUTE, type Metrics } from './metrics';

/**
 * Times every request and labels it with the route pattern Express matched (`/api/items/:id`),
 * never the raw URL, so ids do not multiply the series.
 */
// Nest mounts module middleware (the request logger) as a catch-all route: when no controller
// matched, that wildcard is what `req.route` holds.
const routeOf = (request: Request): string => {
  const path = (request.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' && !path.includes('{*') ? path : UNMATCHED_ROUTE;
};

export function httpMetrics(metrics: Metrics): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    response.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.observeHttpRequest(request.method, routeOf(request), response.statusCode, seconds);
    });
    next();
  };
}
