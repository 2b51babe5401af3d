import { Injectable, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type { LowStockAlert } from '../api/models';
import { LiveBus } from './live-bus';

const KEPT = 5;

const raise = (list: readonly LowStockAlert[], alert: LowStockAlert) =>
  [alert, ...list.filter((notice) => notice.itemId !== alert.itemId)].slice(0, KEPT);

/** A delivery outcome updates a notice still shown; it never brings back one that was dismissed. */
const follow = (list: readonly LowStockAlert[], alert: LowStockAlert) => list.map((notice) => (notice.id === alert.id ? alert : notice));

/** The low-stock alerts raised while the app is open, newest first, until someone dismisses them. */
@Injectable({ providedIn: 'root' })
export class LowStockNotices {
  private readonly list = signal<readonly LowStockAlert[]>([]);
  readonly notices = this.list.asReadonly();

  constructor() {
    inject(LiveBus)
      .on('alert.low_stock')
      .pipe(takeUntilDestroyed())
      .subscribe(({ data }) => this.list.update((list) => (data.state === 'pending' ? raise(list, data) : follow(list, data))));
  }

  dismiss(alert: LowStockAlert): void {
    this.list.update((list) => list.filter((notice) => notice !== alert));
  }

  dismissAll(): void {
    this.list.set([]);
  }
}
