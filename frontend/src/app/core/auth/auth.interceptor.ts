import { HttpErrorResponse, HttpInterceptorFn, type HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, of, switchMap, throwError } from 'rxjs';
import { AuthStore } from './auth-store';

const isApi = (url: string) => url.startsWith('/api/');
/** Their 401 is an answer about the credentials or the session itself, never a sign of an expired access token. */
const isSessionCall = (url: string) => /^\/api\/auth\/(login|register|refresh|logout)\b/.test(url);

const withToken = (request: HttpRequest<unknown>, token: string | null) =>
  token && isApi(request.url) ? request.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : request;

/**
 * Adds the bearer token to API calls. A 401 means the access token expired or was refused: the
 * session cookie renews it (one renewal shared by the calls that fail together) and the call is sent
 * once more, so nothing the user was doing is lost. Only when the renewal is refused does the
 * session end.
 */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  const auth = inject(AuthStore);
  const router = inject(Router);
  const token = auth.token();
  return next(withToken(request, token)).pipe(
    catchError((error: unknown) => {
      if (!(error instanceof HttpErrorResponse && error.status === 401 && isApi(request.url) && !isSessionCall(request.url))) {
        return throwError(() => error);
      }
      // Another call may have renewed the token while this one was on its way.
      const current = auth.token();
      const renewed = current && current !== token ? of(current) : auth.renew();
      return renewed.pipe(
        catchError((refusal: unknown) => {
          if (!(refusal instanceof HttpErrorResponse && refusal.status === 401)) return throwError(() => refusal);
          auth.signOut();
          void router.navigate(['/sign-in'], { queryParams: { returnUrl: router.url } });
          return throwError(() => error);
        }),
        switchMap((fresh) => next(withToken(request, fresh))),
      );
    }),
  );
};
