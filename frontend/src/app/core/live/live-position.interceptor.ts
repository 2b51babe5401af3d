import { HttpInterceptorFn, HttpResponse } from '@angular/common/http';
import { Injector, inject } from '@angular/core';
import { tap } from 'rxjs';
import { LiveBus } from './live-bus';

/**
 * Every API read answers the live position it reflects (`X-Live-Position`, with `X-Live-Epoch`):
 * the bus makes the socket bring every change after it, so nothing committed between a page's
 * read and its socket's greeting is missing from the page.
 */
export const livePositionInterceptor: HttpInterceptorFn = (request, next) => {
  if (request.method !== 'GET' || !request.url.startsWith('/api/')) return next(request);
  // The bus is asked for once an answer arrives: the session's own first reads may come before it exists.
  const injector = inject(Injector);
  return next(request).pipe(
    tap((event) => {
      if (!(event instanceof HttpResponse)) return;
      const position = event.headers.get('X-Live-Position');
      if (position === null || !/^\d{1,16}$/.test(position)) return;
      injector.get(LiveBus).readAt({ after: Number(position), epoch: event.headers.get('X-Live-Epoch') ?? undefined });
    }),
  );
};
