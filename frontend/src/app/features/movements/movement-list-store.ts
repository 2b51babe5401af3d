import { Injectable, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Subscription } from 'rxjs';
import { ApiClient } from '../../core/api/api-client';
import type { ListedMovement, RecordedMovement } from '../../core/api/models';
import { LiveBus } from '../../core/live/live-bus';
import { saveBlob } from '../../shared/download';
import { LoadState } from '../../shared/load-state';
import { listed, matchesFilter, movementQuery, type MovementFilter } from './movement-filter';

const MOVEMENTS_PAGE = 50;

/** Newest first, as the API lists them: by time, then by position. */
const newerFirst = (a: ListedMovement, b: ListedMovement) => Date.parse(b.at) - Date.parse(a.at) || b.position - a.position;

/** The rows with `added` merged in, each movement once, newest first. */
function merged(rows: readonly ListedMovement[], added: readonly ListedMovement[]): readonly ListedMovement[] {
  const shown = new Set(rows.map((row) => row.id));
  const fresh = added.filter((row) => !shown.has(row.id));
  return fresh.length === 0 ? rows : [...rows, ...fresh].sort(newerFirst);
}

/**
 * The movements list: pages by cursor for one filter, and movements recorded since at the top as they
 * arrive live. A reset fetches the first page again; a movement is shown once however often it arrives.
 */
@Injectable()
export class MovementListStore {
  private readonly api = inject(ApiClient);
  private readonly download = new LoadState();
  private filter: MovementFilter = {};
  private request: Subscription | undefined;
  /** Live rows while a page was on its way: its answer may have been read before them. */
  private arrived: ListedMovement[] = [];

  readonly state = new LoadState();
  readonly rows = signal<readonly ListedMovement[]>([]);
  readonly nextCursor = signal<string | null>(null);
  readonly empty = computed(() => this.rows().length === 0);
  readonly exporting = this.download.loading;
  readonly exportError = this.download.error;

  constructor() {
    const bus = inject(LiveBus);
    bus
      .stockChanges()
      .pipe(takeUntilDestroyed())
      .subscribe(({ movement, item }) => this.arrive(listed(movement, item)));
    bus.resets.pipe(takeUntilDestroyed()).subscribe(() => this.load());
  }

  /** Shows the movements of `filter` from the newest. */
  show(filter: MovementFilter): void {
    this.filter = filter;
    this.arrived = [];
    this.state.loaded.set(false);
    this.rows.set([]);
    this.load();
  }

  /** The first page again, for the current filter. */
  load(): void {
    this.fetch(null);
  }

  loadMore(): void {
    const cursor = this.nextCursor();
    if (cursor && !this.state.loading()) this.fetch(cursor);
  }

  /** The user reversed a movement: the correction shows at once, and the movement it reverses as reversed. */
  reversed({ movement, item, position }: RecordedMovement): void {
    this.arrive(listed({ ...movement, position }, item));
  }

  /** A movement recorded since the page was read (a message or a write's answer), and the one it reverses, if any, as reversed. */
  private arrive(row: ListedMovement): void {
    const { id, reverses } = row;
    if (reverses) this.rows.update((rows) => rows.map((shown) => (shown.id === reverses ? { ...shown, reversedBy: id } : shown)));
    if (!matchesFilter(row, this.filter)) return;
    if (this.state.loading()) this.arrived.push(row);
    this.rows.update((rows) => merged(rows, [row]));
  }

  exportCsv(): void {
    this.download
      .track(this.api.exportMovements(movementQuery(this.filter)))
      .subscribe((blob) => saveBlob(blob, `ims-stock-movements-${new Date().toISOString().slice(0, 10)}.csv`));
  }

  private fetch(cursor: string | null): void {
    this.request?.unsubscribe();
    const query = { ...movementQuery(this.filter), limit: MOVEMENTS_PAGE, cursor: cursor ?? undefined };
    if (!cursor) this.arrived = [];
    this.request = this.state.track(this.api.listMovements(query)).subscribe((page) => {
      this.rows.update((rows) => merged(cursor ? rows : this.arrived, page.movements));
      this.nextCursor.set(page.nextCursor);
    });
  }
}
