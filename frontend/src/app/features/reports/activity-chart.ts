import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { BarController, BarElement, CategoryScale, Legend, LinearScale, Tooltip, type ChartConfiguration } from 'chart.js';
import { BaseChartDirective, provideCharts } from 'ng2-charts';
import type { ActivityBucket } from '../../core/api/models';

type MovementKind = keyof ActivityBucket['movements'];

/** Each type's bar colour, told apart without colour by the legend's order and the table below. */
const SERIES: readonly { readonly type: MovementKind; readonly label: string; readonly color: string }[] = [
  { type: 'IN', label: 'In', color: '#2e7d32' },
  { type: 'OUT', label: 'Out', color: '#c62828' },
  { type: 'ADJUST', label: 'Adjusted', color: '#f9a825' },
  { type: 'TRANSFER', label: 'Transferred', color: '#005cbb' },
];

/** Movements per bucket as stacked bars by type; screen readers get the totals per type. */
@Component({
  selector: 'ims-activity-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [BaseChartDirective],
  // Only what this chart draws, so Chart.js stays small and in the Reports page's lazy chunk.
  providers: [provideCharts({ registerables: [BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend] })],
  template: `<div class="chart" data-testid="activity-chart">
    <canvas baseChart type="bar" [data]="data()" [options]="options" role="img" [attr.aria-label]="summary()"></canvas>
  </div>`,
  styles: `
    .chart {
      position: relative;
      height: 280px;
    }
  `,
})
export class ActivityChart {
  readonly buckets = input.required<readonly ActivityBucket[]>();
  readonly bucket = input.required<'day' | 'week'>();

  protected readonly data = computed<ChartConfiguration<'bar'>['data']>(() => {
    const format: Intl.DateTimeFormatOptions = { month: 'short', day: 'numeric', timeZone: 'UTC' };
    return {
      labels: this.buckets().map(
        ({ start }) => (this.bucket() === 'week' ? 'wk ' : '') + new Date(start).toLocaleDateString(undefined, format),
      ),
      datasets: SERIES.map(({ type, label, color }) => ({
        label,
        data: this.buckets().map((bucket) => bucket.movements[type]),
        backgroundColor: color,
        stack: 'movements',
      })),
    };
  });

  protected readonly summary = computed(
    () =>
      'Movements per ' +
      this.bucket() +
      ': ' +
      SERIES.map(({ type, label }) => `${label} ${this.buckets().reduce((sum, bucket) => sum + bucket.movements[type], 0)}`).join(', '),
  );

  protected readonly options: ChartConfiguration<'bar'>['options'] = {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    scales: {
      x: { stacked: true, ticks: { maxTicksLimit: 10 } },
      y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
    },
    plugins: { legend: { position: 'bottom' } },
  };
}
