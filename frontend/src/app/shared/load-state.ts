import { signal } from '@angular/core';
import { EMPTY, Observable, catchError, defer, finalize } from 'rxjs';
import { toProblem } from './forms/problem-details';

/** Whether a store is fetching, and what went wrong the last time, as signals for its page. */
export class LoadState {
  readonly loading = signal(false);
  readonly error = signal<string | null>(null);

  /** The request with `loading` set while it runs; a failure lands in `error` and completes empty. */
  track<T>(request: Observable<T>): Observable<T> {
    return defer(() => {
      this.loading.set(true);
      this.error.set(null);
      return request.pipe(
        catchError((error: unknown) => {
          this.error.set(toProblem(error).detail);
          return EMPTY;
        }),
        finalize(() => this.loading.set(false)),
      );
    });
  }
}
