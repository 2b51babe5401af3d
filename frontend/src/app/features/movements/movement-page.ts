import { ChangeDetectionStrategy, Component, OnInit, computed, effect, inject, input, untracked, viewChild } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import {
  FormControl,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  Validators,
  type AbstractControl,
  type ValidationErrors,
} from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { RouterLink } from '@angular/router';
import type { Item, ListedMovementType, NewMovement, NewTransfer } from '../../core/api/models';
import { AuthStore } from '../../core/auth/auth-store';
import { LocationsStore, MAIN_LOCATION_ID } from '../../core/locations/locations-store';
import { errorMessage, problemKind } from '../../shared/forms/problem-details';
import { ItemPicker } from '../../shared/ui/item-picker';
import { rememberLocation, rememberedLocation } from './chosen-location';
import { MovementStore } from './movement-store';

const REASONS: Record<ListedMovementType, readonly string[]> = {
  IN: ['Delivery', 'Return'],
  OUT: ['Issued', 'Sold', 'Damaged'],
  ADJUST: ['Stocktake', 'Correction'],
  TRANSFER: ['Restock', 'Rebalance', 'Return to main'],
};

/** A transfer needs a destination other than its source: refused here, before anything is sent. */
function transferEnds(form: AbstractControl): ValidationErrors | null {
  const { type, locationId, toLocationId } = (form as AbstractControl<{ type: string; locationId: string; toLocationId: string }>).value;
  if (type !== 'TRANSFER') return null;
  if (!toLocationId) return { noDestination: true };
  return toLocationId === locationId ? { sameLocation: true } : null;
}

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

  protected readonly form = inject(NonNullableFormBuilder).group(
    {
      /** Where the stock moves; a transfer's source. */
      locationId: [rememberedLocation(this.userId), Validators.required],
      type: ['OUT' as ListedMovementType, Validators.required],
      /** A transfer's destination. */
      toLocationId: [''],
      quantity: [1, [Validators.required, Validators.min(0)]],
      reason: [''],
      note: [''],
    },
    { validators: transferEnds },
  );

  private readonly value = toSignal(this.form.valueChanges, { initialValue: this.form.getRawValue() });
  private readonly locationId = computed(() => this.value().locationId ?? '');
  protected readonly location = computed(() => this.locations.find(this.locationId()));
  protected readonly toLocation = computed(() => this.locations.find(this.value().toLocationId ?? ''));
  /** The chosen item's units at the chosen location (a transfer's source), once its stock per location is known. */
  protected readonly unitsHere = computed(() => this.unitsAt(this.locationId()));
  /** The chosen item's units at a transfer's destination. */
  protected readonly unitsThere = computed(() => this.unitsAt(this.value().toLocationId ?? ''));
  protected readonly isTransfer = computed(() => this.value().type === 'TRANSFER');

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
      return `Not enough stock for this ${this.isTransfer() ? 'transfer' : 'OUT'}: ${stock}. Nothing was recorded.`;
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

  /** A location's code as it is now, for the success message. */
  protected codeOf(locationId: string): string {
    return this.locations.find(locationId)?.code ?? locationId;
  }

  protected submit(): void {
    const item = this.store.item();
    if (!item || this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { locationId, toLocationId, type, quantity, reason, note } = this.form.getRawValue();
    if (type === 'TRANSFER') {
      const transfer: NewTransfer = {
        itemId: item.id,
        fromLocationId: locationId,
        toLocationId,
        quantity,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      };
      this.store.transfer(transfer).subscribe(() => this.readyForNext());
      return;
    }
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

  /** The next entry starts clean (the type and the locations stay, and the reason when asked to), in the item field. */
  private readyForNext(): void {
    const { locationId, toLocationId, type, reason } = this.form.getRawValue();
    this.form.reset({ locationId, toLocationId, type, quantity: 1, reason: this.keepReason.value ? reason : '', note: '' });
    this.picker().focus();
  }

  private unitsAt(locationId: string): number | null {
    const stock = this.store.stock();
    if (!stock || stock.id !== this.store.item()?.id) return null;
    return stock.locations.find((row) => row.locationId === locationId)?.quantity ?? 0;
  }
}
