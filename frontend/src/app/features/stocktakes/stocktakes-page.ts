import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, effect, inject, signal, untracked } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import { Router, RouterLink } from '@angular/router';
import type { Item, StocktakeSummary } from '../../core/api/models';
import { AuthStore } from '../../core/auth/auth-store';
import { LiveBus } from '../../core/live/live-bus';
import { LocationsStore } from '../../core/locations/locations-store';
import { toProblem } from '../../shared/forms/problem-details';
import { LoadState } from '../../shared/load-state';
import { ItemPicker } from '../../shared/ui/item-picker';
import { ViewState } from '../../shared/ui/view-state';
import { StocktakesApi } from './stocktakes-api';

/** Every stocktake, newest first, kept current by `stocktake.changed`; managers open a new count here. */
@Component({
  selector: 'ims-stocktakes-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, RouterLink, DatePipe, MatButtonModule, MatFormFieldModule, MatSelectModule, ItemPicker, ViewState],
  templateUrl: './stocktakes-page.html',
  styleUrl: './stocktakes-page.scss',
})
export class StocktakesPage {
  private readonly api = inject(StocktakesApi);
  private readonly router = inject(Router);
  protected readonly auth = inject(AuthStore);
  protected readonly locations = inject(LocationsStore);
  protected readonly state = new LoadState();
  protected readonly stocktakes = signal<readonly StocktakeSummary[]>([]);
  protected readonly opening = signal(false);
  protected readonly openError = signal<string | null>(null);
  protected readonly form = inject(NonNullableFormBuilder).group({ locationId: ['', Validators.required] });
  /** The item the picker just found, moved at once into `chosen`. */
  protected readonly picked = signal<Item | null>(null);
  /** The items to count; none: every item with stock at the location. */
  protected readonly chosen = signal<readonly Item[]>([]);

  constructor() {
    this.locations.ensureLoaded();
    this.load();
    const bus = inject(LiveBus);
    bus
      .on('stocktake.changed')
      .pipe(takeUntilDestroyed())
      .subscribe(() => this.load());
    bus.resets.pipe(takeUntilDestroyed()).subscribe(() => this.load());
    effect(() => {
      const item = this.picked();
      if (!item) return;
      untracked(() => {
        this.chosen.update((items) => (items.some(({ id }) => id === item.id) ? items : [...items, item]));
        this.picked.set(null);
      });
    });
  }

  protected unchoose(item: Item): void {
    this.chosen.update((items) => items.filter(({ id }) => id !== item.id));
  }

  protected load(): void {
    this.state.track(this.api.list()).subscribe((stocktakes) => this.stocktakes.set(stocktakes));
  }

  /** A count of the chosen items, or of every item with stock at the location; the counting page opens on it. */
  protected open(): void {
    if (this.form.invalid || this.opening()) {
      this.form.markAllAsTouched();
      return;
    }
    this.opening.set(true);
    this.openError.set(null);
    this.api
      .open(
        this.form.getRawValue().locationId,
        this.chosen().map(({ id }) => id),
      )
      .subscribe({
        next: (opened) => void this.router.navigate(['/stocktakes', opened.id]),
        error: (error: unknown) => {
          this.opening.set(false);
          this.openError.set(toProblem(error).detail);
        },
      });
  }
}
