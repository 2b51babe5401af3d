import { HttpBackend, HttpClient, HttpErrorResponse } from '@angular/common/http';
import { Injectable, inject, signal } from '@angular/core';
import { Observable, Subject, catchError, defer, map, of, switchMap, take, timer } from 'rxjs';

const SERVICE_UNAVAILABLE = '/problems/service-unavailable';
const DEFAULT_RETRY_SECONDS = 2;
const MAX_RETRY_SECONDS = 10;

const problemTypeOf = (body: unknown): unknown =>
  typeof body === 'object' && body !== null ? (body as { type?: unknown }).type : undefined;

/**
 * Seconds to wait before asking again when the error says the server cannot serve anyone right now
 * (no answer at all, a proxy without its upstream, or 503 `service-unavailable`: its database is
 * unreachable); undefined for every other error, which is the caller's to handle.
 */
export function outageRetrySeconds(error: unknown): number | undefined {
  if (!(error instanceof HttpErrorResponse)) return undefined;
  const type = problemTypeOf(error.error);
  const outage =
    error.status === 0 ||
    error.status === 502 ||
    error.status === 504 ||
    (error.status === 503 && (type === undefined || type === SERVICE_UNAVAILABLE));
  if (!outage) return undefined;
  const retryAfter = Number(error.headers.get('Retry-After'));
  return Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter, MAX_RETRY_SECONDS) : DEFAULT_RETRY_SECONDS;
}

/** Readiness that fails for some other reason (a lagging projection) still means the database answers. */
function databaseAnswers(error: unknown): boolean {
  if (!(error instanceof HttpErrorResponse) || error.status !== 503) return false;
  const down: unknown = typeof error.error === 'object' && error.error !== null ? (error.error as { down?: unknown }).down : undefined;
  return Array.isArray(down) && !down.includes('database');
}

/**
 * Whether the server can serve requests. A request that meets an outage reports it here; from then
 * on readiness is asked every Retry-After seconds until the database answers again, and everyone
 * waiting for that is told at once. The session is never touched: an outage is not a sign-out.
 */
@Injectable({ providedIn: 'root' })
export class ServerReachability {
  // Straight to the backend: the probe must not itself be retried or authorised by the interceptors.
  private readonly http = new HttpClient(inject(HttpBackend));
  private readonly back = new Subject<void>();
  private readonly down = signal(false);
  readonly unreachable = this.down.asReadonly();

  lost(retrySeconds: number): void {
    if (this.down()) return;
    this.down.set(true);
    this.probe(retrySeconds);
  }

  /** Emits once the server serves requests again; at once when it does already. */
  whenBack(): Observable<void> {
    return defer(() => (this.down() ? this.back.pipe(take(1)) : of(undefined)));
  }

  private probe(retrySeconds: number): void {
    timer(retrySeconds * 1000)
      .pipe(
        switchMap(() => this.http.get('/api/health')),
        map(() => true),
        catchError((error: unknown) => of(databaseAnswers(error))),
      )
      .subscribe((answers) => {
        if (!answers) {
          this.probe(retrySeconds);
          return;
        }
        this.down.set(false);
        this.back.next();
      });
  }
}
