import { Injectable, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { ApiClient } from '../api/api-client';
import { allItems } from '../api/all-items';
import type { Item, LowStockAlert } from '../api/models';
import { LoadState } from '../../shared/load-state';
import { LiveBus } from './live-bus';

const DISMISSED_KEY = 'ims.lowStock.dismissed';

function readDismissed(): ReadonlySet<string> {
  try {
    const stored: unknown = JSON.parse(sessionStorage.getItem(DISMISSED_KEY) ?? '[]');
    return new Set(Array.isArray(stored) ? stored.filter((id): id is string => typeof id === 'string') : []);
  } catch {
    return new Set();
  }
}

const isLow = (item: Item) => item.lowStock && !item.archived;

/** The server raises one alert per crossing into low; later messages of the same alert report its delivery. */
const isNewCrossing = (alert: LowStockAlert) => alert.state === 'pending' && alert.attempts === 0;

/**
 * The items low on stock as the read model has them: all of them at sign-in and on reload, then kept live by
 * the item messages (an item crossing into low comes first, a restocked or archived one leaves).
 *
 * Dismissing hides an item for the rest of the tab's session (sessionStorage) while it stays low. Its next
 * crossing shows it again: the alert the server raises for it ends the dismissal (an item message alone cannot
 * tell, since a burst of movements may all carry the item's latest state), and so does seeing it restocked.
 */
@Injectable({ providedIn: 'root' })
export class LowStockNotices {
  private readonly api = inject(ApiClient);
  private readonly state = new LoadState();
  private readonly low = signal<ReadonlyMap<string, Item>>(new Map());
  private readonly dismissed = signal<ReadonlySet<string>>(readDismissed());

  /** Low items not dismissed, the latest crossing first. */
  readonly notices = computed(() => [...this.low().values()].filter((item) => !this.dismissed().has(item.id)));

  constructor() {
    const bus = inject(LiveBus);
    bus
      .on('item.created', 'item.updated', 'item.archived')
      .pipe(takeUntilDestroyed())
      .subscribe(({ data }) => this.follow(data));
    bus
      .stockChanges()
      .pipe(takeUntilDestroyed())
      .subscribe(({ item }) => this.follow(item));
    bus
      .on('alert.low_stock')
      .pipe(takeUntilDestroyed())
      .subscribe(({ data }) => {
        if (isNewCrossing(data)) this.keepDismissed([...this.dismissed()].filter((id) => id !== data.itemId));
      });
    bus.resets.pipe(takeUntilDestroyed()).subscribe(() => this.load());
  }

  /** Reads every low item afresh; a dismissal of an item no longer low is forgotten. */
  load(): void {
    this.state.track(allItems(this.api, { lowStock: 'true' })).subscribe((items) => {
      const low = items.filter(isLow);
      this.low.set(new Map(low.map((item) => [item.id, item])));
      this.keepDismissed(this.dismissed());
    });
  }

  dismiss(item: Item): void {
    this.keepDismissed([...this.dismissed(), item.id]);
  }

  dismissAll(): void {
    this.keepDismissed([...this.dismissed(), ...this.notices().map((item) => item.id)]);
  }

  private follow(item: Item): void {
    const current = this.low().get(item.id);
    if (current && current.version > item.version) return;
    if (isLow(item)) {
      this.low.update((low) => (low.has(item.id) ? new Map(low).set(item.id, item) : new Map([[item.id, item], ...low])));
      return;
    }
    if (!current) return;
    this.low.update((low) => new Map([...low].filter(([id]) => id !== item.id)));
    this.keepDismissed(this.dismissed());
  }

  /** Keeps only dismissals of items still low, so the store never holds a dismissal a crossing should override. */
  private keepDismissed(ids: Iterable<string>): void {
    const kept = new Set([...ids].filter((id) => this.low().has(id)));
    this.dismissed.set(kept);
    sessionStorage.setItem(DISMISSED_KEY, JSON.stringify([...kept]));
  }
}
