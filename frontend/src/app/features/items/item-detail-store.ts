import { Injectable, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { EMPTY, Observable, Subscription, forkJoin, tap } from 'rxjs';
import { ApiClient } from '../../core/api/api-client';
import type { HistoryEntry, Item, ItemDetail, RecordedMovement } from '../../core/api/models';
import { LiveBus } from '../../core/live/live-bus';
import { LoadState } from '../../shared/load-state';

export interface QuantityPoint {
  readonly x: number;
  readonly y: number;
}

export interface StockAsOf {
  readonly at: Date;
  readonly quantity: number;
  readonly position: number | null;
}

/** Quantity over time from the history (newest first), oldest point first, extended to `now` with the current quantity. */
export function quantitySeries(entries: readonly HistoryEntry[], current: Item | null, now: number): QuantityPoint[] {
  const points = [...entries].reverse().map((entry) => ({ x: Date.parse(entry.at), y: entry.quantityAfter }));
  if (current && points.length > 0) points.push({ x: now, y: current.quantity });
  return points;
}

/** What an item edit changes; an update that changes none of them is a location's threshold. */
const OWN_FIELDS = ['sku', 'name', 'description', 'unit', 'lowStockThreshold', 'price'] as const;

/** Entries of a fresh first page that are newer than everything shown, newest first. */
export function newerEntries(fresh: readonly HistoryEntry[], shown: readonly HistoryEntry[]): readonly HistoryEntry[] {
  const newest = shown[0]?.position ?? 0;
  return fresh.filter((entry) => entry.position > newest);
}

/** One item: its row, its history (newest first, paged) and its quantity as of a chosen moment. */
@Injectable()
export class ItemDetailStore {
  private readonly api = inject(ApiClient);
  readonly state = new LoadState();
  private readonly asOfState = new LoadState();
  private itemId: string | undefined;
  private request: Subscription | undefined;

  /** The item with its stock per location. */
  readonly item = signal<ItemDetail | null>(null);
  readonly entries = signal<readonly HistoryEntry[]>([]);
  readonly nextCursor = signal<string | null>(null);
  readonly loading = this.state.loading;
  readonly error = this.state.error;
  readonly asOf = signal<StockAsOf | null>(null);
  readonly asOfError = this.asOfState.error;
  readonly series = computed(() => quantitySeries(this.entries(), this.item(), Date.now()));

  constructor() {
    const bus = inject(LiveBus);
    bus
      .on('item.updated', 'item.archived', 'item.restored')
      .pipe(takeUntilDestroyed())
      .subscribe(({ type, data }) => {
        if (data.id !== this.itemId) return;
        const shown = this.item();
        // An update that changes none of the item's own fields set a threshold at a location, which only a read shows.
        const atLocation =
          type === 'item.updated' && !!shown && shown.version < data.version && OWN_FIELDS.every((f) => shown[f] === data[f]);
        this.show(data);
        if (atLocation) this.refreshStock();
        this.refreshHead();
      });
    // The message carries the item's totals only: its stock per location is read again.
    bus
      .stockChanges()
      .pipe(takeUntilDestroyed())
      .subscribe(({ movement, item }) => {
        this.markReversed(movement);
        this.changed(item);
      });
    bus.resets.pipe(takeUntilDestroyed()).subscribe(() => this.itemId && this.open(this.itemId));
  }

  open(id: string): void {
    if (id !== this.itemId) {
      // Another item: what was shown says nothing about it.
      this.item.set(null);
      this.entries.set([]);
      this.nextCursor.set(null);
      this.state.loaded.set(false);
    }
    this.itemId = id;
    this.request?.unsubscribe();
    this.asOf.set(null);
    this.request = this.state.track(forkJoin([this.api.getItem(id), this.api.itemHistory(id)])).subscribe(([item, history]) => {
      this.item.set(item);
      this.entries.set(history.entries);
      this.nextCursor.set(history.nextCursor);
    });
  }

  loadMore(): void {
    const id = this.itemId;
    const cursor = this.nextCursor();
    if (!id || !cursor || this.loading()) return;
    this.state.track(this.api.itemHistory(id, cursor)).subscribe((page) => {
      this.entries.update((entries) => [...entries, ...page.entries]);
      this.nextCursor.set(page.nextCursor);
    });
  }

  /** Un-archives the item shown, as of the version shown; the answer is the item restored. */
  restore(): Observable<Item> {
    const item = this.item();
    if (!item) return EMPTY;
    return this.api.restoreItem(item.id, item.version).pipe(tap((restored) => this.show(restored)));
  }

  /** The item after a change to its stock or thresholds per location (a write's answer or a message): its breakdown and history are read again. */
  changed(item: Item): void {
    if (item.id !== this.itemId) return;
    this.show(item);
    this.refreshStock();
    this.refreshHead();
  }

  /** The user reversed one of the item's movements: it shows as reversed, and the correction arrives with the history's head. */
  reversed({ movement, item }: RecordedMovement): void {
    this.markReversed(movement);
    this.changed(item);
  }

  private markReversed({ id, reverses }: { readonly id: string; readonly reverses?: string }): void {
    if (!reverses) return;
    this.entries.update((entries) => entries.map((entry) => (entry.movementId === reverses ? { ...entry, reversedBy: id } : entry)));
  }

  stockAt(at: Date): void {
    const id = this.itemId;
    if (!id) return;
    this.asOfState.track(this.api.stockAt(id, at)).subscribe((stock) => this.asOf.set({ at, ...stock }));
  }

  /** A newer version of the item, keeping the stock per location shown until it is read again. */
  private show(item: Item | ItemDetail): void {
    const current = this.item();
    if (!current || current.version > item.version) return;
    this.item.set('locations' in item ? item : { ...item, locations: current.locations, lastCountedAt: current.lastCountedAt });
  }

  private refreshStock(): void {
    const id = this.itemId;
    if (!id) return;
    this.api.getItem(id).subscribe({ next: (item) => item.id === this.itemId && this.show(item), error: () => undefined });
  }

  private refreshHead(): void {
    const id = this.itemId;
    if (!id) return;
    this.state
      .track(this.api.itemHistory(id))
      .subscribe((page) => this.entries.update((shown) => [...newerEntries(page.entries, shown), ...shown]));
  }
}
