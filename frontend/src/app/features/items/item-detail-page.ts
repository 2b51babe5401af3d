import { CurrencyPipe, DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, effect, inject, input, signal, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import type { HistoryEntry, ItemLocationStock } from '../../core/api/models';
import { AuthStore } from '../../core/auth/auth-store';
import { LocationsStore } from '../../core/locations/locations-store';
import { fieldChanges } from '../../shared/field-changes';
import { toProblem } from '../../shared/forms/problem-details';
import { confirmAction } from '../../shared/ui/confirm-dialog';
import { LowStockBadge } from '../../shared/ui/low-stock-badge';
import { ViewState } from '../../shared/ui/view-state';
import { ItemDetailStore } from './item-detail-store';
import { QuantityChart } from './quantity-chart';

const ENTRY_LABELS: Record<HistoryEntry['type'], string> = {
  created: 'Created',
  updated: 'Edited',
  archived: 'Archived',
  restored: 'Restored',
  IN: 'Stock in',
  OUT: 'Stock out',
  ADJUST: 'Stocktake',
  threshold: 'Location threshold',
  TRANSFER: 'Transfer',
};

@Component({
  selector: 'ims-item-detail-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterLink,
    DatePipe,
    CurrencyPipe,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    LowStockBadge,
    QuantityChart,
    ViewState,
  ],
  providers: [ItemDetailStore],
  templateUrl: './item-detail-page.html',
  styleUrl: './item-detail-page.scss',
})
export class ItemDetailPage {
  protected readonly store = inject(ItemDetailStore);
  protected readonly auth = inject(AuthStore);
  private readonly locations = inject(LocationsStore);
  private readonly dialog = inject(MatDialog);
  protected readonly restoreError = signal<string | null>(null);
  /** The route's `:id`. */
  readonly id = input.required<string>();
  protected readonly labels = ENTRY_LABELS;
  protected readonly fieldChanges = fieldChanges;

  constructor() {
    this.locations.ensureLoaded();
    effect(() => {
      const id = this.id();
      untracked(() => this.store.open(id));
    });
  }

  /** The location's code and name as they are now (a rename shows at once); the code the item answered until they are known. */
  protected placeOf(stock: ItemLocationStock): { code: string; name: string } {
    const location = this.locations.find(stock.locationId);
    return { code: location?.code ?? stock.code, name: location?.name ?? '' };
  }

  protected reload(): void {
    this.store.open(this.id());
  }

  protected restore(): void {
    const item = this.store.item();
    if (!item) return;
    confirmAction(this.dialog, `Restore ${item.sku} (${item.name})? It returns to the items list.`, 'Restore').subscribe((yes) => {
      if (!yes) return;
      this.restoreError.set(null);
      this.store.restore().subscribe({ error: (error: unknown) => this.restoreError.set(toProblem(error).detail) });
    });
  }

  protected showAsOf(value: string): void {
    if (value) this.store.stockAt(new Date(value));
  }
}
