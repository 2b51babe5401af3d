import { ChangeDetectionStrategy, Component, ElementRef, effect, inject, input, model, signal, untracked, viewChild } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatAutocompleteModule, MatAutocompleteTrigger } from '@angular/material/autocomplete';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { catchError, debounceTime, distinctUntilChanged, filter, map, of, startWith, switchMap } from 'rxjs';
import { ApiClient } from '../../core/api/api-client';
import type { Item } from '../../core/api/models';
import { toProblem } from '../forms/problem-details';

const SUGGESTIONS = 20;

let pickers = 0;

/**
 * Picks an item by SKU, name or description; each suggestion shows the quantity in stock. An exact SKU and
 * Enter (what a keyboard-wedge scanner types, faster than suggestions arrive) picks that item at once.
 */
@Component({
  selector: 'ims-item-picker',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatAutocompleteModule, MatFormFieldModule, MatInputModule],
  template: `
    <mat-form-field class="picker" [subscriptSizing]="subscriptSizing()">
      <mat-label>{{ label() }}</mat-label>
      <input
        #field
        matInput
        type="text"
        [formControl]="query"
        [matAutocomplete]="auto"
        (keydown.enter)="selectExact($event)"
        [attr.aria-describedby]="lookup() ? lookupId : null"
        [attr.data-testid]="inputTestId()"
      />
      <mat-autocomplete #auto="matAutocomplete" [displayWith]="display" (optionSelected)="selected.set($event.option.value)">
        @for (item of suggestions(); track item.id) {
          <mat-option [value]="item" [attr.data-testid]="'item-option-' + item.sku">
            {{ item.sku }} — {{ item.name }} <span class="muted">({{ item.quantity }} {{ item.unit }})</span>
          </mat-option>
        }
      </mat-autocomplete>
      @if (lookup(); as message) {
        <mat-hint class="lookup" [id]="lookupId" role="alert" [attr.data-testid]="inputTestId() + '-lookup'">{{ message }}</mat-hint>
      }
    </mat-form-field>
  `,
  styles: `
    .picker {
      width: 100%;
      min-width: 260px;
    }
    .lookup {
      color: var(--mat-sys-error);
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
  /** Why the SKU typed before Enter picked nothing. */
  protected readonly lookup = signal<string | null>(null);
  protected readonly lookupId = `item-picker-lookup-${++pickers}`;
  private readonly field = viewChild.required<ElementRef<HTMLInputElement>>('field');
  private readonly trigger = viewChild.required(MatAutocompleteTrigger);
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
      .subscribe(() => {
        this.lookup.set(null);
        if (this.selected()) this.selected.set(null);
      });
    effect(() => {
      const item = this.selected();
      untracked(() => {
        if (item && item !== this.query.value) this.query.setValue(item, { emitEvent: false });
      });
    });
  }

  /** Focuses the field with its text selected, so that the next scan or keystroke replaces it. */
  focus(): void {
    const field = this.field().nativeElement;
    field.focus();
    field.select();
    // Focusing opens the suggestions of the last search, over the field the next scan goes to.
    this.trigger().closePanel();
  }

  /**
   * Enter on typed text picks the item whose SKU it is (ignoring case and surrounding spaces) or says none has it;
   * it never submits the surrounding form. Enter on a highlighted suggestion is the autocomplete's own.
   */
  protected selectExact(event: Event): void {
    const typed = this.query.value;
    if (typeof typed !== 'string' || this.trigger().activeOption) return;
    event.preventDefault();
    const sku = typed.trim();
    if (!sku) return;
    this.api.listItems({ search: sku, limit: SUGGESTIONS }).subscribe({
      next: (page) => {
        if (this.query.value !== typed) return;
        const item = page.items.find((candidate) => candidate.sku.toLowerCase() === sku.toLowerCase());
        if (!item) {
          this.lookup.set(`No item has the SKU “${sku}”.`);
          return;
        }
        this.trigger().closePanel();
        this.query.setValue(item, { emitEvent: false });
        this.selected.set(item);
      },
      error: (error: unknown) => this.lookup.set(`Could not look up “${sku}”: ${toProblem(error).detail}`),
    });
  }
}
