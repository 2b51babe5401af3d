import { ChangeDetectionStrategy, Component, OnInit, computed, inject, input, viewChild } from '@angular/core';
import { FormControl, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { RouterLink } from '@angular/router';
import type { Item, MovementType, NewMovement } from '../../core/api/models';
import { errorMessage, problemKind } from '../../shared/forms/problem-details';
import { ItemPicker } from '../../shared/ui/item-picker';
import { MovementStore } from './movement-store';

const REASONS: Record<MovementType, readonly string[]> = {
  IN: ['Delivery', 'Return', 'Transfer in'],
  OUT: ['Issued', 'Sold', 'Damaged', 'Transfer out'],
  ADJUST: ['Stocktake', 'Correction'],
};

@Component({
  selector: 'ims-movement-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, RouterLink, MatButtonModule, MatFormFieldModule, MatInputModule, MatSlideToggleModule, ItemPicker],
  providers: [MovementStore],
  templateUrl: './movement-page.html',
  styleUrl: './movement-page.scss',
})
export class MovementPage implements OnInit {
  protected readonly store = inject(MovementStore);
  /** `?itemId=` from an item's page. */
  readonly itemId = input<string>();
  protected readonly errorMessage = errorMessage;
  protected readonly reasons = REASONS;

  private readonly picker = viewChild.required(ItemPicker);
  /** Off by default: a reason carried over unnoticed would be recorded against the next movement. */
  protected readonly keepReason = new FormControl(false, { nonNullable: true });

  protected readonly form = inject(NonNullableFormBuilder).group({
    type: ['OUT' as MovementType, Validators.required],
    quantity: [1, [Validators.required, Validators.min(0)]],
    reason: [''],
    note: [''],
  });

  protected readonly errorText = computed(() => {
    const problem = this.store.problem();
    if (!problem) return null;
    if (problemKind(problem) === 'insufficient-stock') {
      const item = this.store.item();
      const stock = item ? `only ${item.quantity} ${item.unit} of ${item.sku} in stock` : problem.detail;
      return `Not enough stock for this OUT: ${stock}. Nothing was recorded.`;
    }
    return problem.errors?.map((error) => `${error.field}: ${error.message}`).join('; ') || problem.detail || problem.title;
  });

  ngOnInit(): void {
    const id = this.itemId();
    if (id) this.store.chooseById(id);
  }

  protected choose(item: Item | null): void {
    this.store.choose(item);
  }

  protected submit(): void {
    const item = this.store.item();
    if (!item || this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { type, quantity, reason, note } = this.form.getRawValue();
    const movement: NewMovement = {
      itemId: item.id,
      type,
      quantity,
      ...(reason.trim() ? { reason: reason.trim() } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
    };
    this.store.submit(movement).subscribe(() => this.readyForNext());
  }

  /** The next entry starts clean (the type stays, and the reason when asked to), in the item field. */
  private readyForNext(): void {
    const { type, reason } = this.form.getRawValue();
    this.form.reset({ type, quantity: 1, reason: this.keepReason.value ? reason : '', note: '' });
    this.picker().focus();
  }
}
