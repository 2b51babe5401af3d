import { Injectable, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { ApiClient } from '../../core/api/api-client';
import type { LowStockAlert } from '../../core/api/models';
import { LiveBus } from '../../core/live/live-bus';
import { LoadState } from '../../shared/load-state';

/** Low-stock alerts with their delivery state; a new or re-delivered alert replaces its row live. */
@Injectable()
export class AlertsStore {
  private readonly api = inject(ApiClient);
  readonly state = new LoadState();
  readonly alerts = signal<readonly LowStockAlert[]>([]);

  constructor() {
    const bus = inject(LiveBus);
    bus
      .on('alert.low_stock')
      .pipe(takeUntilDestroyed())
      .subscribe(({ data }) => this.alerts.update((alerts) => [data, ...alerts.filter((alert) => alert.id !== data.id)]));
    bus.resets.pipe(takeUntilDestroyed()).subscribe(() => this.load());
  }

  load(): void {
    this.state.track(this.api.listAlerts()).subscribe((alerts) => this.alerts.set(alerts));
  }
}
