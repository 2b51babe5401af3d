import { HttpContextToken, HttpInterceptorFn, HttpResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { tap } from 'rxjs';

const isApi = (url: string) => url.startsWith('/api/');

const STORAGE_KEY = 'ims.writtenPosition';

/** Set on a request that is not a GET but answers from the read models (an import's preview): it reads the user's writes too. */
export const READS_READ_MODELS = new HttpContextToken<boolean>(() => false);

/**
 * The highest position any write of this tab answered (its `X-Position`), kept in the tab's
 * session storage so that a reload or a link opened in place still reads the user's writes.
 */
@Injectable({ providedIn: 'root' })
class WrittenPosition {
  private highest = Number(sessionStorage.getItem(STORAGE_KEY) ?? NaN);

  get latest(): number | undefined {
    return Number.isSafeInteger(this.highest) ? this.highest : undefined;
  }

  saw(position: number): void {
    if (this.latest !== undefined && position <= this.highest) return;
    this.highest = position;
    sessionStorage.setItem(STORAGE_KEY, String(position));
  }
}

/**
 * Read your writes (docs/API.md): every API read carries `X-Min-Position` with the highest position a
 * write of this tab answered, so the server answers only once its read models hold that write and
 * the next screen always shows what the user just did. Always the highest rather than only for
 * the next few reads: once the read models are past it the check costs the server one lookup,
 * and no screen can be reached by a path that forgets it.
 */
export const readYourWritesInterceptor: HttpInterceptorFn = (request, next) => {
  if (!isApi(request.url)) return next(request);
  const written = inject(WrittenPosition);
  if (request.method === 'GET' || request.context.get(READS_READ_MODELS)) {
    const position = written.latest;
    return next(position === undefined ? request : request.clone({ setHeaders: { 'X-Min-Position': String(position) } }));
  }
  return next(request).pipe(
    tap((event) => {
      const header = event instanceof HttpResponse ? event.headers.get('X-Position') : null;
      if (header !== null && /^\d+$/.test(header)) written.saw(Number(header));
    }),
  );
};
