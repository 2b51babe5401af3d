import { HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { retry, throwError } from 'rxjs';
import { ServerReachability, outageRetrySeconds } from './server-reachability';

/**
 * API calls that meet an outage report it, and reads wait for the server to be back and are sent
 * again by themselves. A write is not repeated behind its author's back: it fails with the reason.
 */
export const reachabilityInterceptor: HttpInterceptorFn = (request, next) => {
  if (!request.url.startsWith('/api/')) return next(request);
  const reachability = inject(ServerReachability);
  return next(request).pipe(
    retry({
      delay: (error: unknown) => {
        const seconds = outageRetrySeconds(error);
        if (seconds === undefined) return throwError(() => error);
        reachability.lost(seconds);
        return request.method === 'GET' ? reachability.whenBack() : throwError(() => error);
      },
    }),
  );
};
