import { HttpInterceptorFn } from '@angular/common/http';

/**
 * API calls go straight to the network, never through the service worker: it caches the app's files
 * only (the offline catalogue and queue live in IndexedDB), and a call it relayed would answer a lost
 * connection differently from one the page made.
 */
export const serviceWorkerBypassInterceptor: HttpInterceptorFn = (request, next) =>
  next(request.url.startsWith('/api/') ? request.clone({ setHeaders: { 'ngsw-bypass': 'true' } }) : request);
