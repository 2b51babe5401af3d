import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Observable, Subscription, catchError, forkJoin, map, of, switchMap, timer } from 'rxjs';
import { ApiClient } from '../../core/api/api-client';
import type { DockerServices, LogLine, SystemHealth } from '../../core/api/models';
import { LoadState } from '../../shared/load-state';

const SYSTEM_EVERY_MS = 5_000;
export const SERVICES_EVERY_MS = 10_000;
/** Log lines shown under each service; the full view asks for more. */
export const TAIL_LINES = 5;

/** The system dashboard's figures, polled while the page is open. */
@Injectable()
export class HealthStore {
  private readonly api = inject(ApiClient);
  private readonly destroyRef = inject(DestroyRef);
  private readonly systemState = new LoadState();
  private readonly servicesState = new LoadState();
  private readonly logState = new LoadState();
  private logs: Subscription | undefined;

  readonly system = signal<SystemHealth | null>(null);
  readonly systemError = this.systemState.error;
  readonly services = signal<DockerServices | null>(null);
  readonly servicesError = this.servicesState.error;
  readonly logService = signal<string | null>(null);
  readonly logLines = signal<readonly LogLine[]>([]);
  readonly logError = this.logState.error;
  readonly updatedAt = signal<Date | null>(null);
  /** The last few log lines of each service and container, by name. */
  readonly tails = signal<ReadonlyMap<string, readonly LogLine[]>>(new Map());

  constructor() {
    this.poll(SYSTEM_EVERY_MS, () => this.api.systemHealth(), this.systemState).subscribe((system) => {
      this.system.set(system);
      this.updatedAt.set(new Date());
    });
    this.poll(SERVICES_EVERY_MS, () => this.api.services(), this.servicesState)
      .pipe(
        switchMap((services) => {
          this.services.set(services);
          const shown = this.logService();
          if (shown) this.showLogs(shown);
          return this.readTails(services);
        }),
      )
      .subscribe((tails) => this.tails.set(tails));
  }

  showLogs(name: string): void {
    this.logs?.unsubscribe();
    this.logService.set(name);
    this.logs = this.logState.track(this.api.serviceLogs(name)).subscribe((lines) => this.logLines.set(lines));
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

  private poll<T>(everyMs: number, request: () => Observable<T>, state: LoadState): Observable<T> {
    return timer(0, everyMs).pipe(
      switchMap(() => state.track(request())),
      takeUntilDestroyed(this.destroyRef),
    );
  }
}
