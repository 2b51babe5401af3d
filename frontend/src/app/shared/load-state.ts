import { signal } from '@angular/core';
import { EMPTY, Observable, catchError, defer, finalize, tap } from 'rxjs';
import { toProblem } from './forms/problem-details';

/**
 * Whether a store is fetching, whether it has ever received its data, and what went wrong the last time, as
 * signals for its page: a figure is shown only once `loaded`, so a page never shows a zero it does not know.
 */
export class LoadState {
  readonly loading = signal(false);
  readonly loaded = signal(false);
  readonly error = signal<string | null>(null);

  /** The request with `loading` set while it runs; a failure lands in `error` and completes empty. */
  track<T>(request: Observable<T>): Observable<T> {
    return defer(() => {
      this.loading.set(true);
      this.error.set(null);
      return request.pipe(
        tap(() => this.loaded.set(true)),
        catchError((error: unknown) => {
          this.error.set(toProblem(error).detail);
          return EMPTY;
        }),
        finalize(() => this.loading.set(false)),
      );
    });
  }
}
