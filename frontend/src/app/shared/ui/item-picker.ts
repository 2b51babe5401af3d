import { ChangeDetectionStrategy, Component, effect, inject, input, model, untracked } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatAutocompleteModule } from '@angular/material/autocomplete';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { catchError, debounceTime, distinctUntilChanged, filter, map, of, startWith, switchMap } from 'rxjs';
import { ApiClient } from '../../core/api/api-client';
import type { Item } from '../../core/api/models';

const SUGGESTIONS = 20;

/** Picks an item by SKU, name or description; each suggestion shows the quantity in stock. */
@Component({
  selector: 'ims-item-picker',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatAutocompleteModule, MatFormFieldModule, MatInputModule],
  template: `
    <mat-form-field class="picker" [subscriptSizing]="subscriptSizing()">
      <mat-label>{{ label() }}</mat-label>
      <input matInput type="text" [formControl]="query" [matAutocomplete]="auto" [attr.data-testid]="inputTestId()" />
      <mat-autocomplete #auto="matAutocomplete" [displayWith]="display" (optionSelected)="selected.set($event.option.value)">
        @for (item of suggestions(); track item.id) {
          <mat-option [value]="item" [attr.data-testid]="'item-option-' + item.sku">
            {{ item.sku }} — {{ item.name }} <span class="muted">({{ item.quantity }} {{ item.unit }})</span>
          </mat-option>
        }
      </mat-autocomplete>
    </mat-form-field>
  `,
  styles: `
    .picker {
      width: 100%;
      min-width: 260px;
    }
  `,
})
export class ItemPicker {
  private readonly api = inject(ApiClient);
  readonly label = input('Item');
  readonly inputTestId = input<string>();
  readonly subscriptSizing = input<'fixed' | 'dynamic'>('fixed');
  readonly selected = model<Item | null>(null);

  protected readonly query = new FormControl<string | Item>('', { nonNullable: true });
  protected readonly display = (value: Item | string | null) =>
    typeof value === 'string' ? value : value ? `${value.sku} — ${value.name}` : '';

  protected readonly suggestions = toSignal(
    this.query.valueChanges.pipe(
      filter((value): value is string => typeof value === 'string'),
      startWith(''),
      debounceTime(200),
      distinctUntilChanged(),
      switchMap((search) =>
        this.api.listItems({ search, limit: SUGGESTIONS }).pipe(
          map((page) => page.items),
          catchError(() => of([] as readonly Item[])),
        ),
      ),
    ),
    { initialValue: [] as readonly Item[] },
  );

  constructor() {
    // Typing after a choice means a new search: the old choice no longer holds.
    this.query.valueChanges
      .pipe(
        filter((value) => typeof value === 'string'),
        takeUntilDestroyed(),
      )
      .subscribe(() => this.selected() && this.selected.set(null));
    effect(() => {
      const item = this.selected();
      untracked(() => {
        if (item && item !== this.query.value) this.query.setValue(item, { emitEvent: false });
      });
    });
  }
}
