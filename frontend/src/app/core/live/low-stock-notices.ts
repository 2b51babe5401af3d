import { Injectable, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type { LowStockAlert } from '../api/models';
import { LiveBus } from './live-bus';

const KEPT = 5;

/** The low-stock alerts raised while the app is open, newest first, until someone dismisses them. */
@Injectable({ providedIn: 'root' })
export class LowStockNotices {
  private readonly list = signal<readonly LowStockAlert[]>([]);
  readonly notices = this.list.asReadonly();

  constructor() {
    inject(LiveBus)
      .on('alert.low_stock')
      .pipe(takeUntilDestroyed())
      .subscribe(({ data }) =>
        this.list.update((list) => [data, ...list.filter((notice) => notice.itemId !== data.itemId)].slice(0, KEPT)),
      );
  }

  dismiss(alert: LowStockAlert): void {
    this.list.update((list) => list.filter((notice) => notice !== alert));
  }

  dismissAll(): void {
    this.list.set([]);
  }
}
