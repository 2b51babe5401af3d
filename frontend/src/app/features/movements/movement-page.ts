import { ChangeDetectionStrategy, Component, OnInit, computed, effect, inject, input, untracked, viewChild } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { FormControl, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { RouterLink } from '@angular/router';
import type { Item, MovementType, NewMovement } from '../../core/api/models';
import { AuthStore } from '../../core/auth/auth-store';
import { LocationsStore, MAIN_LOCATION_ID } from '../../core/locations/locations-store';
import { errorMessage, problemKind } from '../../shared/forms/problem-details';
import { ItemPicker } from '../../shared/ui/item-picker';
import { rememberLocation, rememberedLocation } from './chosen-location';
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
  protected readonly locations = inject(LocationsStore);
  private readonly userId = inject(AuthStore).user()?.id;
  /** `?itemId=` from an item's page. */
  readonly itemId = input<string>();
  protected readonly errorMessage = errorMessage;
  protected readonly reasons = REASONS;

  private readonly picker = viewChild.required(ItemPicker);
  /** Off by default: a reason carried over unnoticed would be recorded against the next movement. */
  protected readonly keepReason = new FormControl(false, { nonNullable: true });

  protected readonly form = inject(NonNullableFormBuilder).group({
    locationId: [rememberedLocation(this.userId), Validators.required],
    type: ['OUT' as MovementType, Validators.required],
    quantity: [1, [Validators.required, Validators.min(0)]],
    reason: [''],
    note: [''],
  });

  private readonly locationId = toSignal(this.form.controls.locationId.valueChanges, { initialValue: this.form.controls.locationId.value });
  protected readonly location = computed(() => this.locations.find(this.locationId()));
  /** The chosen item's units at the chosen location, once its stock per location is known. */
  protected readonly unitsHere = computed(() => {
    const stock = this.store.stock();
    if (!stock || stock.id !== this.store.item()?.id) return null;
    return stock.locations.find(({ locationId }) => locationId === this.locationId())?.quantity ?? 0;
  });

  protected readonly errorText = computed(() => {
    const problem = this.store.problem();
    if (!problem) return null;
    if (problemKind(problem) === 'insufficient-stock') {
      const item = this.store.item();
      const units = this.unitsHere();
      const stock =
        item && units !== null
          ? `only ${units} ${item.unit} of ${item.sku} at ${this.location()?.code ?? 'this location'}`
          : problem.detail;
      return `Not enough stock for this OUT: ${stock}. Nothing was recorded.`;
    }
    return problem.errors?.map((error) => `${error.field}: ${error.message}`).join('; ') || problem.detail || problem.title;
  });

  constructor() {
    this.locations.ensureLoaded();
    this.form.controls.locationId.valueChanges.pipe(takeUntilDestroyed()).subscribe((id) => rememberLocation(this.userId, id));
    // A remembered location archived since, or gone, is no choice: the main location is.
    effect(() => {
      const active = this.locations.active();
      if (!this.locations.state.loaded()) return;
      untracked(() => {
        const control = this.form.controls.locationId;
        if (!active.some(({ id }) => id === control.value)) control.setValue(MAIN_LOCATION_ID);
      });
    });
  }

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
    const { locationId, type, quantity, reason, note } = this.form.getRawValue();
    const movement: NewMovement = {
      itemId: item.id,
      locationId,
      type,
      quantity,
      ...(reason.trim() ? { reason: reason.trim() } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
    };
    this.store.submit(movement).subscribe(() => this.readyForNext());
  }

  /** The next entry starts clean (the type stays, and the reason when asked to), in the item field. */
  private readyForNext(): void {
    const { locationId, type, reason } = this.form.getRawValue();
    this.form.reset({ locationId, type, quantity: 1, reason: this.keepReason.value ? reason : '', note: '' });
    this.picker().focus();
  }
}
