import { Injectable, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Observable, filter, tap } from 'rxjs';
import type { CountedStocktakeLine, Stocktake, StocktakeLine, StocktakePosting } from '../../core/api/models';
import { LiveBus } from '../../core/live/live-bus';
import { LoadState } from '../../shared/load-state';
import { StocktakesApi } from './stocktakes-api';

/** A line's SKU as a counter types or scans it: regardless of case and surrounding spaces. */
const skuKey = (sku: string) => sku.trim().toUpperCase();

/** One stocktake for its page: fetched, then fetched again whenever a `stocktake.changed` names it (a colleague counted). */
@Injectable()
export class StocktakeStore {
  private readonly api = inject(StocktakesApi);
  private id: string | undefined;

  readonly state = new LoadState();
  readonly stocktake = signal<Stocktake | null>(null);
  readonly lines = computed<readonly StocktakeLine[]>(() => this.stocktake()?.lines ?? []);
  readonly open = computed(() => this.stocktake()?.status === 'open');
  private readonly bySku = computed(() => new Map(this.lines().map((line) => [skuKey(line.sku), line])));

  constructor() {
    const bus = inject(LiveBus);
    bus
      .on('stocktake.changed')
      .pipe(
        filter(({ data }) => data.id === this.id),
        takeUntilDestroyed(),
      )
      .subscribe(() => this.load());
    bus.resets.pipe(takeUntilDestroyed()).subscribe(() => this.id && this.load());
  }

  show(id: string): void {
    this.id = id;
    this.stocktake.set(null);
    this.state.loaded.set(false);
    this.load();
  }

  load(): void {
    if (this.id) this.state.track(this.api.get(this.id)).subscribe((stocktake) => this.stocktake.set(stocktake));
  }

  lineBySku(code: string): StocktakeLine | undefined {
    return this.bySku().get(skuKey(code));
  }

  line(itemId: string): StocktakeLine | undefined {
    return this.lines().find((line) => line.itemId === itemId);
  }

  count(itemId: string, counted: number): Observable<CountedStocktakeLine> {
    return this.api.count(this.requireId(), itemId, counted).pipe(tap(() => this.load()));
  }

  preview(): Observable<StocktakePosting> {
    return this.api.post(this.requireId(), true);
  }

  post(): Observable<StocktakePosting> {
    return this.api.post(this.requireId(), false).pipe(tap(() => this.load()));
  }

  private requireId(): string {
    if (!this.id) throw new Error('no stocktake shown');
    return this.id;
  }
}
