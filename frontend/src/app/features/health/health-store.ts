import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Observable, Subject, Subscription, catchError, defaultIfEmpty, forkJoin, map, of, startWith, switchMap, tap, timer } from 'rxjs';
import { ApiClient } from '../../core/api/api-client';
import type { DockerServices, LogLine, ResourceHistory, SystemHealth } from '../../core/api/models';
import { LoadState } from '../../shared/load-state';

/** The dashboard refreshes itself this often, and at once when asked. */
export const REFRESH_EVERY_MS = 30_000;
/** Log lines shown under each service; the full view asks for more. */
export const TAIL_LINES = 5;

/** The system dashboard's figures, refreshed every 30 s while the page is open and whenever the Refresh button asks. */
@Injectable()
export class HealthStore {
  private readonly api = inject(ApiClient);
  private readonly destroyRef = inject(DestroyRef);
  private readonly refreshes = new Subject<void>();
  private readonly logState = new LoadState();
  private logs: Subscription | undefined;

  readonly systemState = new LoadState();
  readonly resourcesState = new LoadState();
  readonly servicesState = new LoadState();
  readonly system = signal<SystemHealth | null>(null);
  readonly resources = signal<ResourceHistory | null>(null);
  readonly services = signal<DockerServices | null>(null);
  readonly logService = signal<string | null>(null);
  readonly logLines = signal<readonly LogLine[]>([]);
  readonly logError = this.logState.error;
  /** When the last refresh finished, whatever each of its requests answered. */
  readonly refreshedAt = signal<Date | null>(null);
  readonly refreshing = computed(() => this.systemState.loading() || this.resourcesState.loading() || this.servicesState.loading());
  /** The last few log lines of each service and container, by name. */
  readonly tails = signal<ReadonlyMap<string, readonly LogLine[]>>(new Map());

  constructor() {
    // Asking for a refresh also restarts the 30 s count, so two refreshes never come right after each other.
    this.refreshes
      .pipe(
        startWith(undefined),
        switchMap(() => timer(0, REFRESH_EVERY_MS)),
        switchMap(() =>
          forkJoin([
            this.load(this.systemState, this.api.systemHealth(), (system) => this.system.set(system)),
            this.load(this.resourcesState, this.api.resourceHistory(), (resources) => this.resources.set(resources)),
            this.load(this.servicesState, this.api.services(), (services) => this.services.set(services)).pipe(
              switchMap((services) => (services ? this.readTails(services) : of(this.tails()))),
              tap((tails) => this.tails.set(tails)),
            ),
          ]),
        ),
        takeUntilDestroyed(this.destroyRef),
      )
      .subscribe(() => {
        this.refreshedAt.set(new Date());
        const shown = this.logService();
        if (shown) this.showLogs(shown);
      });
  }

  refresh(): void {
    this.refreshes.next();
  }

  showLogs(name: string): void {
    this.logs?.unsubscribe();
    this.logService.set(name);
    this.logs = this.logState.track(this.api.serviceLogs(name)).subscribe((lines) => this.logLines.set(lines));
  }

  /** The request's answer, kept; null when it failed (its state then holds the error, and the previous answer stays shown). */
  private load<T>(state: LoadState, request: Observable<T>, keep: (answer: T) => void): Observable<T | null> {
    return state.track(request).pipe(tap(keep), defaultIfEmpty(null));
  }

  private readTails(services: DockerServices): Observable<ReadonlyMap<string, readonly LogLine[]>> {
    const names = services.available ? [...services.services, ...services.containers].map((service) => service.name) : [];
    if (names.length === 0) return of(new Map());
    const tail = (name: string) =>
      this.api.serviceLogs(name, TAIL_LINES).pipe(
        catchError(() => of([] as readonly LogLine[])),
        map((lines) => [name, lines] as const),
      );
    return forkJoin(names.map(tail)).pipe(map((entries) => new Map(entries)));
  }
}
