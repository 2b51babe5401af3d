import { BreakpointObserver } from '@angular/cdk/layout';
import { CdkVirtualScrollViewport, ScrollingModule } from '@angular/cdk/scrolling';
import { CurrencyPipe, DatePipe } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  afterRenderEffect,
  computed,
  effect,
  inject,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { MatSortModule, type Sort } from '@angular/material/sort';
import { ActivatedRoute, Router, RouterLink, type ParamMap } from '@angular/router';
import { Subject, debounceTime, distinctUntilChanged, map } from 'rxjs';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import type { Item } from '../../core/api/models';
import { AuthStore } from '../../core/auth/auth-store';
import { LocationsStore } from '../../core/locations/locations-store';
import { confirmAction } from '../../shared/ui/confirm-dialog';
import { LowStockBadge } from '../../shared/ui/low-stock-badge';
import { ViewState } from '../../shared/ui/view-state';
import { toProblem } from '../../shared/forms/problem-details';
import { ItemFormDialog, type ItemFormData } from './item-form-dialog';
import { PrintLabelsDialog, type PrintLabelsData } from './print-labels-dialog';
import { DEFAULT_SORT, ItemsStore, sortParam, type ItemSort, type ItemSortKey } from './items-store';

export const ROW_HEIGHT = 48;
/** A row as a card on a phone: name and SKU, quantity, and a row of 44 px actions. */
const CARD_HEIGHT = 124;
/** How close to the end of the loaded rows scrolling fetches the next page. */
const PREFETCH_ROWS = 40;
/** Where the rows become cards: the shell's phone breakpoint. */
const PHONE = '(max-width: 600px)';

const SORT_LABELS: Record<ItemSortKey, readonly [string, string]> = {
  sku: ['SKU A–Z', 'SKU Z–A'],
  name: ['Name A–Z', 'Name Z–A'],
  quantity: ['Quantity, lowest first', 'Quantity, highest first'],
  price: ['Price, lowest first', 'Price, highest first'],
  updatedAt: ['Updated, oldest first', 'Updated, newest first'],
};
const SORTS: readonly ItemSort[] = (Object.keys(SORT_LABELS) as ItemSortKey[]).flatMap((active) => [
  { active, direction: 'asc' as const },
  { active, direction: 'desc' as const },
]);

/** `?sort=-quantity` as the page's sort; anything else is the default. */
function sortFrom(params: ParamMap): ItemSort {
  return SORTS.find((sort) => sortParam(sort) === params.get('sort')) ?? DEFAULT_SORT;
}

@Component({
  selector: 'ims-items-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ScrollingModule,
    RouterLink,
    CurrencyPipe,
    DatePipe,
    MatButtonModule,
    MatButtonToggleModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatInputModule,
    MatSlideToggleModule,
    MatSortModule,
    LowStockBadge,
    ViewState,
  ],
  providers: [ItemsStore],
  templateUrl: './items-page.html',
  styleUrl: './items-page.scss',
})
export class ItemsPage {
  protected readonly store = inject(ItemsStore);
  protected readonly auth = inject(AuthStore);
  protected readonly locations = inject(LocationsStore);
  private readonly dialog = inject(MatDialog);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly searches = new Subject<string>();
  private readonly viewport = viewChild(CdkVirtualScrollViewport);
  protected readonly phone = toSignal(
    inject(BreakpointObserver)
      .observe(PHONE)
      .pipe(map((state) => state.matches)),
    {
      initialValue: false,
    },
  );
  protected readonly rowHeight = computed(() => (this.phone() ? CARD_HEIGHT : ROW_HEIGHT));
  protected readonly sorts = SORTS.map((sort) => ({
    value: sortParam(sort),
    label: SORT_LABELS[sort.active][sort.direction === 'asc' ? 0 : 1],
  }));
  protected readonly sortValue = computed(() => sortParam(this.store.sort()));
  protected readonly actionError = signal<string | null>(null);
  /** The items ticked for labels, in the order ticked; kept while the list is searched or filtered, so a selection can span searches. */
  protected readonly selected = signal<ReadonlySet<string>>(new Set());
  protected readonly allShownSelected = computed(() => {
    const rows = this.store.rows();
    return rows.length > 0 && rows.every((item) => this.selected().has(item.id));
  });

  constructor() {
    this.searches.pipe(debounceTime(250), distinctUntilChanged(), takeUntilDestroyed()).subscribe((search) => this.store.setSearch(search));
    this.locations.ensureLoaded();
    // The view, the location and the order live in the URL, so that a reload, a bookmark or Back shows the same list.
    this.route.queryParamMap.pipe(takeUntilDestroyed()).subscribe((params) => {
      this.actionError.set(null);
      this.store.show(params.get('view') === 'archived', sortFrom(params), params.get('locationId') || undefined);
    });
    // The rows sat detached under the skeleton, where the viewport measured no height: measure it again once they show.
    afterRenderEffect(() => {
      const viewport = this.viewport();
      if (this.store.state.loaded() && viewport) untracked(() => viewport.checkViewportSize());
    });
    // Scrolling to the end while a page loads asks for nothing more; once it has arrived, ask then.
    effect(() => {
      const count = this.store.count();
      if (this.store.loading()) return;
      const end = this.viewport()?.getRenderedRange().end ?? 0;
      if (end > 0 && end + PREFETCH_ROWS >= count) untracked(() => this.store.loadMore());
    });
  }

  protected onSearch(value: string): void {
    this.searches.next(value);
  }

  protected showArchived(archived: boolean): void {
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: { view: archived ? 'archived' : null },
      queryParamsHandling: 'merge',
    });
  }

  protected filterByLocation(locationId: string): void {
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: { locationId: locationId || null },
      queryParamsHandling: 'merge',
    });
  }

  protected onSort(sort: Sort): void {
    this.sortBy(sort.direction === 'desc' ? `-${sort.active}` : sort.active);
  }

  protected sortBy(value: string): void {
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: { sort: value === sortParam(DEFAULT_SORT) ? null : value },
      queryParamsHandling: 'merge',
      replaceUrl: true,
    });
  }

  protected onScrolled(firstVisible: number): void {
    if (firstVisible + PREFETCH_ROWS >= this.store.count()) this.store.loadMore();
  }

  protected create(): void {
    this.dialog.open<ItemFormDialog, ItemFormData>(ItemFormDialog, { data: { store: this.store }, width: '520px' });
  }

  protected edit(item: Item, event: Event): void {
    event.stopPropagation();
    this.dialog.open<ItemFormDialog, ItemFormData>(ItemFormDialog, { data: { store: this.store, item }, width: '520px' });
  }

  protected archive(item: Item, event: Event): void {
    event.stopPropagation();
    this.confirmThen(`Archive ${item.sku} (${item.name})? Its history stays.`, 'Archive', () => this.store.archive(item));
  }

  protected restore(item: Item, event: Event): void {
    event.stopPropagation();
    this.confirmThen(`Restore ${item.sku} (${item.name})? It returns to the items list.`, 'Restore', () => this.store.restore(item));
  }

  protected toggle(itemId: string): void {
    this.selected.update((selected) => {
      const next = new Set(selected);
      if (!next.delete(itemId)) next.add(itemId);
      return next;
    });
  }

  protected selectShown(select: boolean): void {
    const shown = this.store.rows().map((item) => item.id);
    this.selected.update((selected) => {
      const next = new Set(selected);
      for (const id of shown) {
        if (select) next.add(id);
        else next.delete(id);
      }
      return next;
    });
  }

  protected clearSelection(): void {
    this.selected.set(new Set());
  }

  protected printLabels(): void {
    this.dialog.open<PrintLabelsDialog, PrintLabelsData>(PrintLabelsDialog, { data: { itemIds: [...this.selected()] }, width: '480px' });
  }

  protected trackById(_index: number, item: Item): string {
    return item.id;
  }

  private confirmThen(question: string, action: string, run: () => ReturnType<ItemsStore['archive']>): void {
    confirmAction(this.dialog, question, action).subscribe((yes) => {
      if (!yes) return;
      this.actionError.set(null);
      run().subscribe({ error: (error: unknown) => this.actionError.set(toProblem(error).detail) });
    });
  }
}
