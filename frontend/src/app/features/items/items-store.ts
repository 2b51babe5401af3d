import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Observable, Subscription, tap } from 'rxjs';
import { ApiClient, MAX_PAGE } from '../../core/api/api-client';
import type { Item, ItemChanges, ItemQuery, NewItem, SheetFormat } from '../../core/api/models';
import { saveBlob } from '../../shared/download';
import { LiveBus } from '../../core/live/live-bus';
import { LoadState } from '../../shared/load-state';

export const HIGHLIGHT_MS = 2_000;

export type ItemSortKey = 'sku' | 'name' | 'quantity' | 'price' | 'updatedAt';
export interface ItemSort {
  readonly active: ItemSortKey;
  readonly direction: 'asc' | 'desc';
}
export const DEFAULT_SORT: ItemSort = { active: 'sku', direction: 'asc' };

/** The API's `sort` parameter: the field, with a leading `-` when descending. */
export const sortParam = ({ active, direction }: ItemSort): NonNullable<ItemQuery['sort']> =>
  direction === 'desc' ? `-${active}` : active;

/** The API's order (items-list sort): the key, unpriced below every price, then the id, both in the sort's direction. */
const sortKey = (item: Item, { active }: ItemSort) => (active === 'price' ? (item.price ?? -1) : item[active]);

export function compareItems(sort: ItemSort): (a: Item, b: Item) => number {
  const key = (item: Item) => sortKey(item, sort);
  const sign = sort.direction === 'asc' ? 1 : -1;
  return (a, b) => {
    const [left, right] = [key(a), key(b)];
    if (left !== right) return sign * (left < right ? -1 : 1);
    return sign * (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  };
}

export interface ItemFilter {
  readonly search: string;
  readonly lowStockOnly: boolean;
  readonly archived: boolean;
}

function matchesFilter(item: Item, { search, lowStockOnly, archived }: ItemFilter): boolean {
  if (item.archived !== archived || (lowStockOnly && !item.lowStock)) return false;
  const needle = search.trim().toLowerCase();
  return !needle || [item.sku, item.name, item.description].some((text) => text.toLowerCase().includes(needle));
}

/**
 * The items table, active or archived: pages fetched by cursor in the server's sort order, then kept
 * current by the live bus — a row a colleague changed moves to its place in that order and is
 * highlighted for a moment; an item archived or restored leaves one view and enters the other.
 */
@Injectable()
export class ItemsStore {
  private readonly api = inject(ApiClient);
  private readonly destroyRef = inject(DestroyRef);
  private readonly loaded = signal<readonly Item[]>([]);
  private readonly highlightedIds = signal<ReadonlySet<string>>(new Set());
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private request: Subscription | undefined;

  readonly state = new LoadState();
  private readonly download = new LoadState();
  readonly exporting = this.download.loading;
  readonly exportError = this.download.error;
  readonly search = signal('');
  readonly lowStockOnly = signal(false);
  readonly archived = signal(false);
  /** Only the items with stock at this location. */
  readonly locationId = signal<string | undefined>(undefined);
  /** Only the items no posted stocktake counted since this ISO time. */
  readonly notCountedSince = signal<string | undefined>(undefined);
  readonly sort = signal<ItemSort>(DEFAULT_SORT);
  readonly nextCursor = signal<string | null>(null);
  readonly loading = this.state.loading;
  readonly highlighted = this.highlightedIds.asReadonly();
  readonly rows = this.loaded.asReadonly();
  readonly count = computed(() => this.loaded().length);
  /** The archived view has no low-stock filter: an archived item is never low. */
  private readonly lowStockFilter = computed(() => this.lowStockOnly() && !this.archived());

  /** Every item not archived with its units per location, as a file that re-imports unchanged. */
  exportFile(format: SheetFormat): void {
    this.download
      .track(this.api.exportItems(format))
      .subscribe((blob) => saveBlob(blob, `ims-items-${new Date().toISOString().slice(0, 10)}.${format}`));
  }

  constructor() {
    const bus = inject(LiveBus);
    bus
      .on('item.created', 'item.updated', 'item.archived', 'item.restored')
      .pipe(takeUntilDestroyed())
      .subscribe(({ data }) => this.upsert(data));
    bus
      .stockChanges()
      .pipe(takeUntilDestroyed())
      .subscribe(({ movement, item }) => {
        // Whether the item now has stock at the location shown, or none left there, only the server knows.
        const at = this.locationId();
        if (at && (movement.locationId === at || movement.toLocationId === at)) this.load();
        else this.upsert(item);
      });
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

  /** Shows the archived items (true) or the others, in the given order, from the first page; with stock at a location if one is given. */
  show(archived: boolean, sort: ItemSort, locationId?: string, notCountedSince?: string): void {
    this.archived.set(archived);
    this.sort.set(sort);
    this.locationId.set(locationId);
    this.notCountedSince.set(notCountedSince);
    // Another list, not a refresh of this one: nothing is known about it until its first page arrives.
    this.loaded.set([]);
    this.nextCursor.set(null);
    this.state.loaded.set(false);
    this.load();
  }

  /** Fetches the first page again for the current filter and sort. */
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

  archive(item: Item): Observable<Item> {
    return this.api.archiveItem(item.id).pipe(tap((archived) => this.upsert(archived)));
  }

  restore(item: Item): Observable<Item> {
    return this.api.restoreItem(item.id, item.version).pipe(tap((restored) => this.upsert(restored)));
  }

  private fetch(cursor: string | null): void {
    const query: ItemQuery = {
      search: this.search(),
      lowStock: this.lowStockFilter() ? 'true' : undefined,
      archived: this.archived() ? 'true' : undefined,
      locationId: this.locationId(),
      notCountedSince: this.notCountedSince(),
      sort: sortParam(this.sort()),
      limit: MAX_PAGE,
      cursor: cursor ?? undefined,
    };
    this.request?.unsubscribe();
    this.request = this.state.track(this.api.listItems(query)).subscribe((page) => {
      this.loaded.update((items) => (cursor ? [...items, ...page.items] : page.items));
      this.nextCursor.set(page.nextCursor);
    });
  }

  /**
   * Applies a row the server sent, unless an even newer version of it is already shown: out of the
   * view when it no longer matches it, else at its place in the sort order.
   */
  private upsert(item: Item): void {
    const current = this.loaded().find((row) => row.id === item.id);
    if (current && current.version > item.version) return;
    // Filtered by location (or by counts), a row not shown may not belong: a movement at that location fetches the list again.
    if (!current && (this.locationId() || this.notCountedSince())) return;
    const rest = this.loaded().filter((row) => row.id !== item.id);
    const filter = { search: this.search(), lowStockOnly: this.lowStockFilter(), archived: this.archived() };
    if (!matchesFilter(item, filter)) {
      if (current) this.loaded.set(rest);
      return;
    }
    if (current && sortKey(current, this.sort()) === sortKey(item, this.sort())) {
      this.loaded.update((rows) => rows.map((row) => (row.id === item.id ? item : row)));
      this.highlight(item.id);
      return;
    }
    const compare = compareItems(this.sort());
    // Past the last loaded row the item belongs to a page not fetched yet; it arrives with that page.
    const last = rest.at(-1);
    if (this.nextCursor() && last && compare(item, last) > 0) {
      if (current) this.loaded.set(rest);
      return;
    }
    const at = rest.findIndex((row) => compare(item, row) < 0);
    this.loaded.set(at < 0 ? [...rest, item] : [...rest.slice(0, at), item, ...rest.slice(at)]);
    this.highlight(item.id);
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
