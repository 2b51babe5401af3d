import { Injectable, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { EMPTY, Observable, catchError, defer, finalize, map, merge, tap } from 'rxjs';
import { ApiClient } from '../../core/api/api-client';
import type { Item, ItemDetail, NewMovement, NewTransfer, RecordedMovement, RecordedTransfer } from '../../core/api/models';
import { LiveBus } from '../../core/live/live-bus';
import { toProblem, type Problem } from '../../shared/forms/problem-details';
import { IdempotencyKeys } from './idempotency-keys';

/** No answer, or one that says the movement may have been recorded: the same key must be sent again. */
const mayHaveBeenRecorded = (problem: Problem) => problem.status === 0 || problem.status >= 500;

/**
 * The quick movement form: the chosen item kept current live, with its stock per location (fetched
 * again whenever its stock moves), and submissions (movements and transfers) that count once.
 */
@Injectable()
export class MovementStore {
  private readonly api = inject(ApiClient);
  private readonly keys = new IdempotencyKeys();

  readonly item = signal<Item | null>(null);
  /** The chosen item's stock per location, once fetched. */
  readonly stock = signal<ItemDetail | null>(null);
  readonly submitting = signal(false);
  readonly recorded = signal<RecordedMovement | null>(null);
  readonly transferred = signal<RecordedTransfer | null>(null);
  readonly problem = signal<Problem | null>(null);

  constructor() {
    const bus = inject(LiveBus);
    merge(
      bus.on('item.updated', 'item.archived', 'item.restored').pipe(map(({ data }) => data)),
      bus.stockChanges().pipe(map(({ item }) => item)),
    )
      .pipe(takeUntilDestroyed())
      .subscribe((item) => {
        const current = this.item();
        if (current?.id === item.id && current.version <= item.version) this.item.set(item);
      });
    // The message names the location but carries the item's totals: the stock per location is read again.
    bus
      .stockChanges()
      .pipe(takeUntilDestroyed())
      .subscribe(({ item }) => item.id === this.item()?.id && this.reload());
    bus.resets.pipe(takeUntilDestroyed()).subscribe(() => this.reload());
  }

  choose(item: Item | null): void {
    this.item.set(item);
    this.stock.set(null);
    this.problem.set(null);
    this.reload();
  }

  /** Loads the item a link pointed at (`?itemId=`). */
  chooseById(id: string): void {
    this.api.getItem(id).subscribe({
      next: (item) => {
        this.item.set(item);
        this.stock.set(item);
        this.problem.set(null);
      },
      error: (error: unknown) => this.problem.set(toProblem(error)),
    });
  }

  /** Reads the chosen item and its stock per location again (after a reset, live messages can no longer bring it up to date). */
  private reload(): void {
    const chosen = this.item();
    if (!chosen) return;
    this.api.getItem(chosen.id).subscribe({
      next: (item) => {
        if (this.item()?.id !== item.id) return;
        if ((this.item()?.version ?? -1) <= item.version) this.item.set(item);
        // Reads racing one another: the newest version wins, whichever answers last.
        const shown = this.stock();
        if (shown?.id !== item.id || shown.version <= item.version) this.stock.set(item);
      },
      error: (error: unknown) => this.problem.set(toProblem(error)),
    });
  }

  /**
   * Records the movement; completes empty when it was refused (the problem is in `problem`) or when
   * another submission is still in flight (the same click twice).
   */
  submit(movement: NewMovement): Observable<RecordedMovement> {
    return this.send(movement, (key) => this.api.recordMovement(movement, key)).pipe(tap((recorded) => this.recorded.set(recorded)));
  }

  /** Moves units between two locations, counted once like a movement; completes empty when refused. */
  transfer(transfer: NewTransfer): Observable<RecordedTransfer> {
    return this.send(transfer, (key) => this.api.transfer(transfer, key)).pipe(tap((recorded) => this.transferred.set(recorded)));
  }

  private send<Answer extends { readonly item: Item }>(payload: object, request: (key: string) => Observable<Answer>): Observable<Answer> {
    return defer(() => {
      if (this.submitting()) return EMPTY;
      this.submitting.set(true);
      this.problem.set(null);
      this.recorded.set(null);
      this.transferred.set(null);
      return request(this.keys.keyFor(payload)).pipe(
        tap((answer) => {
          this.keys.settle();
          this.item.set(answer.item);
          this.reload();
        }),
        catchError((error: unknown) => {
          const problem = toProblem(error);
          if (!mayHaveBeenRecorded(problem)) this.keys.settle();
          this.problem.set(problem);
          return EMPTY;
        }),
        finalize(() => this.submitting.set(false)),
      );
    });
  }
}
