import { Injectable, inject, signal } from '@angular/core';
import type { Observable } from 'rxjs';
import { ApiClient } from '../../core/api/api-client';
import type { Activity, ReorderReport, ReportName, ReportQuery, Valuation } from '../../core/api/models';
import { saveBlob } from '../../shared/download';
import { toProblem } from '../../shared/forms/problem-details';
import { LoadState } from '../../shared/load-state';

export type ActivityBucketSize = Activity['bucket'];

/** A date input's value (yyyy-mm-dd) for a local day. */
const dayOf = (date: Date): string =>
  `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;

/** The last moment of a local day, as the zoned time the API reads: the valuation "at the end of" that day. */
export const endOfDay = (day: string): string => new Date(`${day}T23:59:59.999`).toISOString();

/** One report: its answer, its load state, and only the latest request's answer kept. */
class Report<Answer> {
  readonly state = new LoadState();
  readonly value = signal<Answer | null>(null);
  private latest = 0;

  load(request: Observable<Answer>): void {
    const mine = ++this.latest;
    this.state.track(request).subscribe((answer) => {
      if (mine === this.latest) this.value.set(answer);
    });
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

  loadReorder(): void {
    this.reorder.load(this.api.report<ReorderReport>('reorder'));
  }

  loadValuation(): void {
    this.valuation.load(this.api.report<Valuation>('valuation', this.queryOf('valuation')));
  }

  loadActivity(): void {
    this.activity.load(this.api.report<Activity>('activity', this.queryOf('activity')));
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
