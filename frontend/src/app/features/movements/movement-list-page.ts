import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { EMPTY, catchError, distinctUntilChanged, map, of } from 'rxjs';
import { ApiClient } from '../../core/api/api-client';
import type { Item, ListedMovement, ListedMovementType, User } from '../../core/api/models';
import { AuthStore } from '../../core/auth/auth-store';
import { LocationsStore } from '../../core/locations/locations-store';
import { ItemPicker } from '../../shared/ui/item-picker';
import { ViewState } from '../../shared/ui/view-state';
import { MOVEMENT_TYPES, filterFromParams, filterToParams, sameFilter, type MovementFilter } from './movement-filter';
import { MovementListStore } from './movement-list-store';
import { mayReverse, reverseMovement } from './reverse-dialog';

/** ADJUST records the signed difference a count made; IN and OUT record units moved, their direction is their type. */
const shownQuantity = (movement: ListedMovement) =>
  movement.type === 'ADJUST' && movement.quantity > 0 ? `+${movement.quantity}` : String(movement.quantity);

/** Every movement newest first, filtered by what the URL says, with new ones arriving live at the top. */
@Component({
  selector: 'ims-movement-list-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, ReactiveFormsModule, RouterLink, MatButtonModule, MatFormFieldModule, MatInputModule, ItemPicker, ViewState],
  providers: [MovementListStore],
  templateUrl: './movement-list-page.html',
  styleUrl: './movement-list-page.scss',
})
export class MovementListPage {
  protected readonly store = inject(MovementListStore);
  private readonly api = inject(ApiClient);
  private readonly auth = inject(AuthStore);
  protected readonly locations = inject(LocationsStore);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly dialog = inject(MatDialog);
  protected readonly types = MOVEMENT_TYPES;
  protected readonly shownQuantity = shownQuantity;
  protected readonly item = signal<Item | null>(null);
  private filter: MovementFilter = {};

  private readonly fields = inject(NonNullableFormBuilder);
  protected readonly form = this.fields.group({
    locationId: [''],
    type: this.fields.control<ListedMovementType | ''>(''),
    userId: [''],
    from: [''],
    to: [''],
  });

  /** Managers choose among all users; staff, who may not list users, can narrow the list to their own movements. */
  private readonly allUsers = toSignal(
    this.auth.isManager() ? this.api.listUsers().pipe(catchError(() => of([] as readonly User[]))) : of([] as readonly User[]),
    { initialValue: [] as readonly User[] },
  );
  protected readonly me = this.auth.user;
  protected readonly users = computed(() => {
    const me = this.me();
    return this.auth.isManager() || !me ? this.allUsers() : [me];
  });

  constructor() {
    this.locations.ensureLoaded();
    this.route.queryParams
      .pipe(map(filterFromParams), distinctUntilChanged(sameFilter), takeUntilDestroyed())
      .subscribe((filter) => this.apply(filter));
    this.form.valueChanges.pipe(takeUntilDestroyed()).subscribe(() => this.navigate());
  }

  /** The location's code as it is now; an ellipsis until the locations are known. */
  private codeOf(locationId: string): string {
    return this.locations.find(locationId)?.code ?? '…';
  }

  /** Where the movement happened: a transfer's two ends, source first. */
  protected placeOf(movement: ListedMovement): string {
    const from = this.codeOf(movement.locationId);
    return movement.toLocationId ? `${from} → ${this.codeOf(movement.toLocationId)}` : from;
  }

  protected mayReverse(movement: ListedMovement): boolean {
    return mayReverse(movement, this.me(), this.auth.isManager());
  }

  protected reverse(movement: ListedMovement): void {
    const summary = `${movement.type} of ${Math.abs(movement.quantity)} ${movement.item.sku} (${this.placeOf(movement)})`;
    reverseMovement(this.dialog, { movementId: movement.id, summary }).subscribe((reversal) => reversal && this.store.reversed(reversal));
  }

  /** The row of a movement linked to (a correction and what it corrects): on this page, or among the item's movements. */
  protected goTo(movementId: string, itemId: string): void {
    const row = document.getElementById(`movement-${movementId}`);
    if (row) {
      row.scrollIntoView({ block: 'center' });
      row.focus();
      return;
    }
    void this.router.navigate([], { relativeTo: this.route, queryParams: filterToParams({ itemId }) });
  }

  protected chooseItem(item: Item | null): void {
    this.item.set(item);
    this.navigate();
  }

  private navigate(): void {
    const { locationId, type, userId, from, to } = this.form.getRawValue();
    const filter: MovementFilter = {
      itemId: this.item()?.id,
      locationId: locationId || undefined,
      type: type || undefined,
      userId: userId || undefined,
      from: from || undefined,
      to: to || undefined,
    };
    if (!sameFilter(filter, this.filter)) void this.router.navigate([], { relativeTo: this.route, queryParams: filterToParams(filter) });
  }

  /** The URL's filter into the list and the controls (a reload, back or forward, or a choice just made). */
  private apply(filter: MovementFilter): void {
    this.filter = filter;
    this.store.show(filter);
    this.form.setValue(
      {
        locationId: filter.locationId ?? '',
        type: filter.type ?? '',
        userId: filter.userId ?? '',
        from: filter.from ?? '',
        to: filter.to ?? '',
      },
      { emitEvent: false },
    );
    const chosen = this.item();
    if (!filter.itemId) this.item.set(null);
    else if (chosen?.id !== filter.itemId) {
      this.api
        .getItem(filter.itemId)
        .pipe(catchError(() => EMPTY))
        .subscribe((item) => this.filter.itemId === item.id && this.item.set(item));
    }
  }
}
