import { CurrencyPipe, DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import type { HistoryEntry, Item, ItemLocationStock } from '../../core/api/models';
import { AuthStore } from '../../core/auth/auth-store';
import { LocationsStore } from '../../core/locations/locations-store';
import { fieldChanges } from '../../shared/field-changes';
import { toProblem } from '../../shared/forms/problem-details';
import { confirmAction } from '../../shared/ui/confirm-dialog';
import { LowStockBadge } from '../../shared/ui/low-stock-badge';
import { ViewState } from '../../shared/ui/view-state';
import { mayReverse, reverseMovement } from '../movements/reverse-dialog';
import { ItemDetailStore } from './item-detail-store';
import { LocationThresholdDialog, type LocationThresholdData } from './location-threshold-dialog';
import { PrintLabelsDialog, type PrintLabelsData } from './print-labels-dialog';
import { QuantityChart } from './quantity-chart';

/** The headline of every entry but a transfer and a threshold, which name their locations. */
const ENTRY_LABELS: Record<Exclude<HistoryEntry['type'], 'TRANSFER' | 'threshold'>, string> = {
  created: 'Created',
  updated: 'Edited',
  archived: 'Archived',
  restored: 'Restored',
  IN: 'Stock in',
  OUT: 'Stock out',
  ADJUST: 'Stocktake',
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
  protected readonly fieldChanges = fieldChanges;

  constructor() {
    this.locations.ensureLoaded();
    effect(() => {
      const id = this.id();
      untracked(() => this.store.open(id));
    });
  }

  /** Active locations the item has no row for yet: a threshold may be set there before any stock arrives. */
  protected readonly otherLocations = computed(() => {
    const rows = new Set(this.store.item()?.locations.map(({ locationId }) => locationId));
    return this.locations.active().filter(({ id }) => !rows.has(id));
  });

  protected mayReverse(entry: HistoryEntry): boolean {
    return !!entry.movementId && mayReverse({ ...entry, id: entry.movementId }, this.auth.user(), this.auth.isManager());
  }

  protected reverse(entry: HistoryEntry): void {
    const item = this.store.item();
    if (!entry.movementId || !item) return;
    const summary =
      entry.type === 'TRANSFER'
        ? `${this.headline(entry)} of ${item.sku}`
        : `${entry.type} of ${Math.abs(entry.quantity ?? 0)} ${item.sku}`;
    reverseMovement(this.dialog, { movementId: entry.movementId, summary }).subscribe(
      (reversal) => reversal && this.store.reversed(reversal),
    );
  }

  /** The entry of a movement linked to (a correction and what it corrects), when it is among those shown. */
  protected goTo(movementId: string): void {
    const entry = document.getElementById(`entry-${movementId}`);
    entry?.scrollIntoView({ block: 'center' });
    entry?.focus();
  }

  /** What happened, in words: a transfer names its two ends, a threshold its location and values. */
  protected headline(entry: HistoryEntry): string {
    const code = (id: string | undefined) => (id && this.locations.find(id)?.code) ?? '…';
    const threshold = (value: number | null | undefined) => String(value ?? 'none');
    switch (entry.type) {
      case 'TRANSFER':
        return `Transfer ${code(entry.fromLocationId)} → ${code(entry.toLocationId)}, ${entry.quantity ?? 0} units`;
      case 'threshold':
        return `Low-stock threshold at ${code(entry.locationId)}: ${threshold(entry.thresholdBefore)} → ${threshold(entry.thresholdAfter)}`;
      default:
        return ENTRY_LABELS[entry.type];
    }
  }

  /** Opens the threshold of one row, or (without one) of a location to choose among those without a row. */
  protected editThreshold(stock?: ItemLocationStock): void {
    const item = this.store.item();
    if (!item) return;
    const data: LocationThresholdData = {
      item,
      location: stock && { id: stock.locationId, code: this.placeOf(stock).code, threshold: stock.lowStockThreshold },
      choices: this.otherLocations(),
    };
    this.dialog
      .open<LocationThresholdDialog, LocationThresholdData, Item>(LocationThresholdDialog, {
        data,
        ariaLabel: `Low-stock threshold of ${item.sku}`,
      })
      .afterClosed()
      .subscribe((written) => written && this.store.changed(written));
  }

  /** The location's code and name as they are now (a rename shows at once); the code the item answered until they are known. */
  protected placeOf(stock: ItemLocationStock): { code: string; name: string } {
    const location = this.locations.find(stock.locationId);
    return { code: location?.code ?? stock.code, name: location?.name ?? '' };
  }

  protected reload(): void {
    this.store.open(this.id());
  }

  protected printLabel(item: Item): void {
    this.dialog.open<PrintLabelsDialog, PrintLabelsData>(PrintLabelsDialog, { data: { itemIds: [item.id] }, width: '480px' });
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
