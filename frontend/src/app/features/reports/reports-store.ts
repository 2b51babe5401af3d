import { Injectable, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { type Observable, auditTime, merge } from 'rxjs';
import { ApiClient } from '../../core/api/api-client';
import type { Activity, ReorderReport, ReportName, ReportQuery, Valuation } from '../../core/api/models';
import { LiveBus } from '../../core/live/live-bus';
import { saveBlob } from '../../shared/download';
import { toProblem } from '../../shared/forms/problem-details';
import { LoadState } from '../../shared/load-state';

export type ActivityBucketSize = Activity['bucket'];

/** A date input's value (yyyy-mm-dd) for a local day. */
const dayOf = (date: Date): string =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;

/** The last moment of a local day, as the zoned time the API reads: the valuation "at the end of" that day. */
export const endOfDay = (day: string): string => new Date(`${day}T23:59:59.999`).toISOString();

/**
 * How long a report waits after a colleague's change before asking again: a burst of movements (an import,
 * a posted stocktake) costs one recomputation, and the figures are never more than this behind.
 */
export const REPORT_REFRESH_MS = 2_000;

/** One report: its answer, its load state, and only the latest request's answer kept. */
class Report<Answer> {
  readonly state = new LoadState();
  readonly value = signal<Answer | null>(null);
  private latest = 0;
  private lastRequest: (() => Observable<Answer>) | null = null;

  load(request: () => Observable<Answer>): void {
    this.lastRequest = request;
    const mine = ++this.latest;
    this.state.track(request()).subscribe((answer) => {
      if (mine === this.latest) this.value.set(answer);
    });
  }

  /** Asks again with the same question, if it was ever asked; the figures on screen stay until the answer. */
  refresh(): void {
    if (this.lastRequest) this.load(this.lastRequest);
  }
}

/** The Reports page's three reports (managers), each fetched when its tab is first opened, and their CSV downloads. */
@Injectable()
export class ReportsStore {
  private readonly api = inject(ApiClient);

  readonly reorder = new Report<ReorderReport>();
  readonly valuation = new Report<Valuation>();
  readonly activity = new Report<Activity>();

  /** The valuation's day (local, valued at its end) and location ('' for every location). */
  readonly valuationDay = signal(dayOf(new Date()));
  readonly valuationLocation = signal('');
  readonly activityBucket = signal<ActivityBucketSize>('day');
  /** Why the last download failed. */
  readonly downloadError = signal<string | null>(null);

  /** The reports opened so far follow colleagues' changes: each is asked again after a burst settles. */
  constructor() {
    const bus = inject(LiveBus);
    merge(bus.stockChanges(), bus.on('item.created', 'item.updated', 'item.archived', 'item.restored'), bus.resets)
      .pipe(auditTime(REPORT_REFRESH_MS), takeUntilDestroyed())
      .subscribe(() => [this.reorder, this.valuation, this.activity].forEach((report) => report.refresh()));
  }

  loadReorder(): void {
    this.reorder.load(() => this.api.report<ReorderReport>('reorder'));
  }

  loadValuation(): void {
    const query = this.queryOf('valuation');
    this.valuation.load(() => this.api.report<Valuation>('valuation', query));
  }

  loadActivity(): void {
    const query = this.queryOf('activity');
    this.activity.load(() => this.api.report<Activity>('activity', query));
  }

  download(name: ReportName): void {
    this.downloadError.set(null);
    this.api.reportCsv(name, this.queryOf(name)).subscribe({
      next: (blob) => saveBlob(blob, `ims-${name}-${dayOf(new Date())}.csv`),
      error: (error: unknown) => this.downloadError.set(toProblem(error).detail),
    });
  }

  private queryOf(name: ReportName): ReportQuery {
    if (name === 'valuation') return { at: endOfDay(this.valuationDay()), locationId: this.valuationLocation() || undefined };
    if (name === 'activity') return { bucket: this.activityBucket() };
    return {};
  }
}
