import { CurrencyPipe, DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, effect, inject, input, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import type { HistoryEntry } from '../../core/api/models';
import { fieldChanges } from '../../shared/field-changes';
import { LowStockBadge } from '../../shared/ui/low-stock-badge';
import { ItemDetailStore } from './item-detail-store';
import { QuantityChart } from './quantity-chart';

const ENTRY_LABELS: Record<HistoryEntry['type'], string> = {
  created: 'Created',
  updated: 'Edited',
  archived: 'Archived',
  IN: 'Stock in',
  OUT: 'Stock out',
  ADJUST: 'Stocktake',
};

@Component({
  selector: 'ims-item-detail-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, DatePipe, CurrencyPipe, MatButtonModule, MatFormFieldModule, MatInputModule, LowStockBadge, QuantityChart],
  providers: [ItemDetailStore],
  templateUrl: './item-detail-page.html',
  styleUrl: './item-detail-page.scss',
})
export class ItemDetailPage {
  protected readonly store = inject(ItemDetailStore);
  /** The route's `:id`. */
  readonly id = input.required<string>();
  protected readonly labels = ENTRY_LABELS;
  protected readonly fieldChanges = fieldChanges;

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => this.store.open(id));
    });
  }

  protected showAsOf(value: string): void {
    if (value) this.store.stockAt(new Date(value));
  }
}
