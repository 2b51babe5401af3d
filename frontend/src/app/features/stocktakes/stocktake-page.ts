import { DatePipe, CurrencyPipe } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  computed,
  inject,
  input,
  effect,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { map, of } from 'rxjs';
import type { StocktakeLine, StocktakePosting } from '../../core/api/models';
import { AuthStore } from '../../core/auth/auth-store';
import { errorMessage, toProblem } from '../../shared/forms/problem-details';
import { ViewState } from '../../shared/ui/view-state';
import { StocktakeStore } from './stocktake-store';
import { StocktakesApi } from './stocktakes-api';

const MAX_COUNT = 1_000_000_000;

/**
 * One stocktake: counting made for a phone (find a line by its SKU or a scanned barcode, type the
 * units, save), the lines with what is counted, and for managers the variances, a preview of the
 * posting and the posting itself.
 */
@Component({
  selector: 'ims-stocktake-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, RouterLink, DatePipe, CurrencyPipe, MatButtonModule, MatFormFieldModule, MatInputModule, ViewState],
  providers: [StocktakeStore],
  templateUrl: './stocktake-page.html',
  styleUrl: './stocktake-page.scss',
})
export class StocktakePage {
  /** The route's `:id`. */
  readonly id = input.required<string>();
  protected readonly store = inject(StocktakeStore);
  private readonly api = inject(StocktakesApi);
  protected readonly auth = inject(AuthStore);
  private readonly fields = inject(NonNullableFormBuilder);
  protected readonly errorMessage = errorMessage;

  /** The line being counted. */
  protected readonly selected = signal<StocktakeLine | null>(null);
  protected readonly findError = signal<string | null>(null);
  protected readonly countError = signal<string | null>(null);
  protected readonly saved = signal<string | null>(null);
  protected readonly saving = signal(false);
  protected readonly preview = signal<StocktakePosting | null>(null);
  protected readonly posting = signal(false);
  protected readonly postError = signal<string | null>(null);
  protected readonly countedCount = computed(() => this.store.lines().filter((line) => line.counted !== null).length);
  private readonly codeInput = viewChild<ElementRef<HTMLInputElement>>('codeInput');
  private readonly countInput = viewChild<ElementRef<HTMLInputElement>>('countInput');

  protected readonly findForm = this.fields.group({ code: ['', Validators.required] });
  protected readonly countForm = this.fields.group({
    counted: [null as unknown as number, [Validators.required, Validators.min(0), Validators.max(MAX_COUNT), Validators.pattern(/^\d+$/)]],
  });

  constructor() {
    effect(() => {
      const id = this.id();
      untracked(() => this.store.show(id));
    });
  }

  /** A typed SKU finds its line at once; anything else is asked of the server as a barcode. */
  protected find(): void {
    const code = this.findForm.getRawValue().code.trim();
    if (!code) return;
    this.findError.set(null);
    const bySku = this.store.lineBySku(code);
    const lookup = bySku ? of(bySku) : this.api.byCode(code).pipe(map((item) => (item ? this.store.line(item.id) : undefined)));
    lookup.subscribe({
      next: (line) => (line ? this.select(line) : this.findError.set(`No line of this count has the code ${code}.`)),
      error: (error: unknown) => this.findError.set(toProblem(error).detail),
    });
  }

  protected select(line: StocktakeLine): void {
    this.findError.set(null);
    this.countError.set(null);
    this.saved.set(null);
    this.selected.set(line);
    this.countForm.reset({ counted: line.counted ?? (null as unknown as number) });
    setTimeout(() => this.countInput()?.nativeElement.focus());
  }

  protected saveCount(): void {
    const line = this.selected();
    if (!line || this.countForm.invalid || this.saving()) {
      this.countForm.markAllAsTouched();
      return;
    }
    const { counted } = this.countForm.getRawValue();
    this.saving.set(true);
    this.countError.set(null);
    this.store.count(line.itemId, counted).subscribe({
      next: () => {
        this.saving.set(false);
        this.saved.set(`${line.sku}: ${counted} counted.`);
        this.selected.set(null);
        this.preview.set(null);
        this.findForm.reset({ code: '' });
        setTimeout(() => this.codeInput()?.nativeElement.focus());
      },
      error: (error: unknown) => {
        this.saving.set(false);
        this.countError.set(toProblem(error).detail);
      },
    });
  }

  protected showPreview(): void {
    this.postError.set(null);
    this.store.preview().subscribe({
      next: (preview) => this.preview.set(preview),
      error: (error: unknown) => this.postError.set(toProblem(error).detail),
    });
  }

  protected post(): void {
    if (this.posting()) return;
    this.posting.set(true);
    this.postError.set(null);
    this.store.post().subscribe({
      next: (posted) => {
        this.posting.set(false);
        this.preview.set(posted);
      },
      error: (error: unknown) => {
        this.posting.set(false);
        this.postError.set(toProblem(error).detail);
      },
    });
  }
}
