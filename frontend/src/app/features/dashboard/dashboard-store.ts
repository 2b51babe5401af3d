import { Injectable, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { filter, forkJoin } from 'rxjs';
import { allItems } from '../../core/api/all-items';
import { ApiClient } from '../../core/api/api-client';
import type { Item, StockMovement } from '../../core/api/models';
import { LiveBus } from '../../core/live/live-bus';
import { LoadState } from '../../shared/load-state';

const MOVEMENTS_SHOWN = 100;

const startOfToday = (now = new Date()) => new Date(now.getFullYear(), now.getMonth(), now.getDate());

/** How long an item may go without a count before the dashboard names it. */
export const COUNT_INTERVAL_DAYS = 90;

/** The start of the day `COUNT_INTERVAL_DAYS` ago: a link to the items list that stays the same all day. */
const countCutoff = (today = startOfToday()) =>
  new Date(today.getFullYear(), today.getMonth(), today.getDate() - COUNT_INTERVAL_DAYS).toISOString();

/** Sum of quantity × price over the priced, unarchived items. */
export const stockValue = (items: Iterable<Item>) =>
  [...items].reduce((sum, item) => (item.archived || item.price === null ? sum : sum + item.quantity * item.price), 0);

/** What an operator opens first: the whole inventory folded into a value, low items, today's movements. */
@Injectable()
export class DashboardStore {
  private readonly api = inject(ApiClient);
  private readonly items = signal<ReadonlyMap<string, Item>>(new Map());
  /** Whether the figures are known yet: the page shows none of them before. */
  readonly state = new LoadState();
  readonly movements = signal<readonly StockMovement[]>([]);
  readonly value = computed(() => stockValue(this.items().values()));
  readonly itemCount = computed(() => this.items().size);
  /** When a posted stocktake last counted each item loaded; an item created since was never counted. */
  private readonly lastCounted = signal<ReadonlyMap<string, string | null>>(new Map());
  /** Items counted before it (or never) are due for a count. */
  readonly notCountedSince = signal(countCutoff());
  readonly notCountedCount = computed(() => {
    const cutoff = Date.parse(this.notCountedSince());
    const counted = this.lastCounted();
    return [...this.items().values()].filter((item) => {
      const at = counted.get(item.id) ?? null;
      return at === null || Date.parse(at) < cutoff;
    }).length;
  });
  readonly lowStock = computed(() =>
    [...this.items().values()].filter((item) => item.lowStock && !item.archived).sort((a, b) => a.quantity - b.quantity),
  );

  constructor() {
    const bus = inject(LiveBus);
    bus
      .on('item.created', 'item.updated', 'item.archived', 'item.restored')
      .pipe(takeUntilDestroyed())
      .subscribe(({ data }) => this.put(data));
    bus
      .stockChanges()
      .pipe(takeUntilDestroyed())
      .subscribe(({ movement, item }) => {
        this.put(item);
        if (Date.parse(movement.at) >= startOfToday().getTime()) {
          this.movements.update((list) => [movement, ...list.filter(({ id }) => id !== movement.id)].slice(0, MOVEMENTS_SHOWN));
        }
      });
    bus
      .on('stocktake.changed')
      .pipe(
        filter(({ data }) => data.kind === 'posted'),
        takeUntilDestroyed(),
      )
      .subscribe(() => this.load());
    bus.resets.pipe(takeUntilDestroyed()).subscribe(() => this.load());
  }

  item(id: string): Item | undefined {
    return this.items().get(id);
  }

  load(): void {
    const today = this.api.listMovements({ from: startOfToday().toISOString(), limit: MOVEMENTS_SHOWN });
    this.state.track(forkJoin([allItems(this.api), today])).subscribe(([items, page]) => {
      this.items.set(new Map(items.map((item) => [item.id, item])));
      this.lastCounted.set(new Map(items.map((item) => [item.id, item.lastCountedAt])));
      this.notCountedSince.set(countCutoff());
      this.movements.set(page.movements);
    });
  }

  private put(item: Item): void {
    const current = this.items().get(item.id);
    if (current && current.version > item.version) return;
    const next = new Map(this.items());
    if (item.archived) next.delete(item.id);
    else next.set(item.id, item);
    this.items.set(next);
  }
}
