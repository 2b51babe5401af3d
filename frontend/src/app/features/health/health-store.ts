import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Observable, Subscription, switchMap, timer } from 'rxjs';
import { ApiClient } from '../../core/api/api-client';
import type { DockerServices, LogLine, SystemHealth } from '../../core/api/models';
import { LoadState } from '../../shared/load-state';

export const SYSTEM_EVERY_MS = 5_000;
export const SERVICES_EVERY_MS = 10_000;

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

  constructor() {
    this.poll(SYSTEM_EVERY_MS, () => this.api.systemHealth(), this.systemState).subscribe((system) => {
      this.system.set(system);
      this.updatedAt.set(new Date());
    });
    this.poll(SERVICES_EVERY_MS, () => this.api.services(), this.servicesState).subscribe((services) => {
      this.services.set(services);
      const shown = this.logService();
      if (shown) this.showLogs(shown);
    });
  }

  showLogs(name: string): void {
    this.logs?.unsubscribe();
    this.logService.set(name);
    this.logs = this.logState.track(this.api.serviceLogs(name)).subscribe((lines) => this.logLines.set(lines));
  }

  private poll<T>(everyMs: number, request: () => Observable<T>, state: LoadState): Observable<T> {
    return timer(0, everyMs).pipe(
      switchMap(() => state.track(request())),
      takeUntilDestroyed(this.destroyRef),
    );
  }
}
