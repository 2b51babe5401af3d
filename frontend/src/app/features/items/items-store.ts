import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Observable, Subscription, tap } from 'rxjs';
import { ApiClient, MAX_PAGE } from '../../core/api/api-client';
import type { Item, ItemChanges, ItemQuery, NewItem } from '../../core/api/models';
import { LiveBus } from '../../core/live/live-bus';
import { LoadState } from '../../shared/load-state';

export const HIGHLIGHT_MS = 2_000;

export type ItemSortKey = 'sku' | 'name' | 'quantity' | 'price' | 'updatedAt';
export interface ItemSort {
  readonly active: ItemSortKey;
  readonly direction: 'asc' | 'desc' | '';
}

const compareBy = (key: ItemSortKey) => (a: Item, b: Item) => {
  const left = a[key] ?? -Infinity;
  const right = b[key] ?? -Infinity;
  return left < right ? -1 : left > right ? 1 : 0;
};

export function sortItems(items: readonly Item[], sort: ItemSort): readonly Item[] {
  if (sort.direction === '') return items;
  const compare = compareBy(sort.active);
  const sign = sort.direction === 'asc' ? 1 : -1;
  return [...items].sort((a, b) => sign * compare(a, b));
}

function matchesFilter(item: Item, search: string, lowStockOnly: boolean): boolean {
  if (item.archived || (lowStockOnly && !item.lowStock)) return false;
  const needle = search.trim().toLowerCase();
  return !needle || [item.sku, item.name, item.description].some((text) => text.toLowerCase().includes(needle));
}

/**
 * The items table: pages fetched by cursor in SKU order (the API's order), then kept current by
 * the live bus — a row a colleague changed is replaced in place and highlighted for a moment.
 */
@Injectable()
export class ItemsStore {
  private readonly api = inject(ApiClient);
  private readonly destroyRef = inject(DestroyRef);
  private readonly loaded = signal<readonly Item[]>([]);
  private readonly highlightedIds = signal<ReadonlySet<string>>(new Set());
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly state = new LoadState();
  private request: Subscription | undefined;

  readonly search = signal('');
  readonly lowStockOnly = signal(false);
  readonly sort = signal<ItemSort>({ active: 'sku', direction: 'asc' });
  readonly nextCursor = signal<string | null>(null);
  readonly loading = this.state.loading;
  readonly error = this.state.error;
  readonly highlighted = this.highlightedIds.asReadonly();
  readonly rows = computed(() => sortItems(this.loaded(), this.sort()));
  readonly count = computed(() => this.loaded().length);

  constructor() {
    const bus = inject(LiveBus);
    bus
      .on('item.created', 'item.updated')
      .pipe(takeUntilDestroyed())
      .subscribe(({ data }) => this.upsert(data));
    bus
      .on('stock.moved')
      .pipe(takeUntilDestroyed())
      .subscribe(({ data }) => this.upsert(data.item));
    bus
      .on('item.archived')
      .pipe(takeUntilDestroyed())
      .subscribe(({ data }) => this.remove(data.id));
    bus.resets.pipe(takeUntilDestroyed()).subscribe(() => this.load());
    this.destroyRef.onDestroy(() => this.timers.forEach(clearTimeout));
  }

  setSearch(search: string): void {
    this.search.set(search);
    this.load();
  }

  setLowStockOnly(lowStockOnly: boolean): void {
    this.lowStockOnly.set(lowStockOnly);
    this.load();
  }

  /** Fetches the first page again for the current filter. */
  load(): void {
    this.fetch(null);
  }

  loadMore(): void {
    const cursor = this.nextCursor();
    if (cursor && !this.loading()) this.fetch(cursor);
  }

  create(item: NewItem): Observable<Item> {
    return this.api.createItem(item).pipe(tap((created) => this.upsert(created)));
  }

  update(item: Item, changes: ItemChanges): Observable<Item> {
    return this.api.updateItem(item.id, changes, item.version).pipe(tap((updated) => this.upsert(updated)));
  }

  archive(item: Item): Observable<unknown> {
    return this.api.archiveItem(item.id).pipe(tap(() => this.remove(item.id)));
  }

  private fetch(cursor: string | null): void {
    const query: ItemQuery = {
      search: this.search(),
      lowStock: this.lowStockOnly() ? 'true' : undefined,
      limit: MAX_PAGE,
      cursor: cursor ?? undefined,
    };
    this.request?.unsubscribe();
    this.request = this.state.track(this.api.listItems(query)).subscribe((page) => {
      this.loaded.update((items) => (cursor ? [...items, ...page.items] : page.items));
      this.nextCursor.set(page.nextCursor);
    });
  }

  /** Applies a row the server sent, unless an even newer version of it is already shown. */
  private upsert(item: Item): void {
    const items = this.loaded();
    const index = items.findIndex((row) => row.id === item.id);
    const current = items[index];
    if (current) {
      if (current.version > item.version) return;
      if (item.archived) {
        this.remove(item.id);
        return;
      }
      this.loaded.set(items.map((row, i) => (i === index ? item : row)));
    } else {
      if (!matchesFilter(item, this.search(), this.lowStockOnly())) return;
      // Past the last loaded SKU the row belongs to a page not fetched yet; it arrives with that page.
      const last = items.at(-1);
      if (this.nextCursor() && last && item.sku > last.sku) return;
      const at = items.findIndex((row) => row.sku > item.sku);
      this.loaded.set(at < 0 ? [...items, item] : [...items.slice(0, at), item, ...items.slice(at)]);
    }
    this.highlight(item.id);
  }

  private remove(id: string): void {
    this.loaded.update((items) => items.filter((row) => row.id !== id));
  }

  private highlight(id: string): void {
    this.highlightedIds.update((ids) => new Set(ids).add(id));
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.highlightedIds.update((ids) => {
        const rest = new Set(ids);
        rest.delete(id);
        return rest;
      });
    }, HIGHLIGHT_MS);
    this.timers.add(timer);
  }
}
