import { CdkVirtualScrollViewport, ScrollingModule } from '@angular/cdk/scrolling';
import { CurrencyPipe, DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, OnInit, effect, inject, untracked, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { MatSortModule, type Sort } from '@angular/material/sort';
import { RouterLink } from '@angular/router';
import { Subject, debounceTime, distinctUntilChanged } from 'rxjs';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type { Item } from '../../core/api/models';
import { AuthStore } from '../../core/auth/auth-store';
import { confirmAction } from '../../shared/ui/confirm-dialog';
import { LowStockBadge } from '../../shared/ui/low-stock-badge';
import { toProblem } from '../../shared/forms/problem-details';
import { ItemFormDialog, type ItemFormData } from './item-form-dialog';
import { ItemsStore, type ItemSortKey } from './items-store';

export const ROW_HEIGHT = 48;
/** How close to the end of the loaded rows scrolling fetches the next page. */
const PREFETCH_ROWS = 40;

@Component({
  selector: 'ims-items-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ScrollingModule,
    RouterLink,
    CurrencyPipe,
    DatePipe,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatSlideToggleModule,
    MatSortModule,
    LowStockBadge,
  ],
  providers: [ItemsStore],
  templateUrl: './items-page.html',
  styleUrl: './items-page.scss',
})
export class ItemsPage implements OnInit {
  protected readonly store = inject(ItemsStore);
  protected readonly auth = inject(AuthStore);
  private readonly dialog = inject(MatDialog);
  private readonly searches = new Subject<string>();
  protected readonly rowHeight = ROW_HEIGHT;
  private readonly viewport = viewChild(CdkVirtualScrollViewport);

  constructor() {
    this.searches.pipe(debounceTime(250), distinctUntilChanged(), takeUntilDestroyed()).subscribe((search) => this.store.setSearch(search));
    // Scrolling to the end while a page loads asks for nothing more; once it has arrived, ask then.
    effect(() => {
      const count = this.store.count();
      if (this.store.loading()) return;
      const end = this.viewport()?.getRenderedRange().end ?? 0;
      if (end > 0 && end + PREFETCH_ROWS >= count) untracked(() => this.store.loadMore());
    });
  }

  ngOnInit(): void {
    this.store.load();
  }

  protected onSearch(value: string): void {
    this.searches.next(value);
  }

  protected onSort(sort: Sort): void {
    this.store.sort.set({ active: sort.active as ItemSortKey, direction: sort.direction });
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
    confirmAction(this.dialog, `Archive ${item.sku} (${item.name})? Its history stays.`, 'Archive').subscribe((yes) => {
      if (!yes) return;
      this.store.archive(item).subscribe({ error: (error: unknown) => this.store.error.set(toProblem(error).detail) });
    });
  }

  protected trackById(_index: number, item: Item): string {
    return item.id;
  }
}
