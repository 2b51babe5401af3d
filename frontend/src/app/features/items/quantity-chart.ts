import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { Filler, LineController, LineElement, LinearScale, PointElement, Tooltip, type ChartConfiguration } from 'chart.js';
import { BaseChartDirective, provideCharts } from 'ng2-charts';
import type { QuantityPoint } from './item-detail-store';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Axis labels as fine as the chart's time span needs: seconds over minutes, times within a day, dates beyond. */
export function axisFormat(spanMs: number): Intl.DateTimeFormatOptions {
  if (spanMs < 10 * MINUTE) return { timeStyle: 'medium' };
  if (spanMs < DAY) return { timeStyle: 'short' };
  return { dateStyle: 'short', timeStyle: 'short' };
}

const label = (format: Intl.DateTimeFormatOptions) => (value: number | string) => new Date(Number(value)).toLocaleString(undefined, format);
const tooltipLabel = label({ dateStyle: 'medium', timeStyle: 'medium' });

/** The item's quantity as a step line: it holds its value between events. */
@Component({
  selector: 'ims-quantity-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [BaseChartDirective],
  // Only what this chart draws, so Chart.js stays small and in this lazy chunk.
  providers: [provideCharts({ registerables: [LineController, LineElement, PointElement, LinearScale, Tooltip, Filler] })],
  template: `<div class="chart" data-testid="quantity-chart">
    <canvas baseChart type="line" [data]="data()" [options]="options()"></canvas>
  </div>`,
  styles: `
    .chart {
      position: relative;
      height: 260px;
    }
  `,
})
export class QuantityChart {
  readonly points = input.required<readonly QuantityPoint[]>();

  protected readonly data = computed<ChartConfiguration<'line', QuantityPoint[]>['data']>(() => ({
    datasets: [
      {
        label: 'Quantity',
        data: [...this.points()],
        // A quantity holds its value until the next event changes it (Chart.js calls that step-before).
        stepped: 'before',
        fill: true,
        pointRadius: 3,
        borderColor: '#005cbb',
        backgroundColor: 'rgba(0, 92, 187, 0.12)',
      },
    ],
  }));

  protected readonly options = computed<ChartConfiguration<'line', QuantityPoint[]>['options']>(() => {
    const xs = this.points().map((point) => point.x);
    const span = xs.length > 1 ? Math.max(...xs) - Math.min(...xs) : 0;
    return {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      parsing: false,
      scales: {
        x: { type: 'linear', ticks: { callback: label(axisFormat(span)), maxTicksLimit: 6 } },
        y: { beginAtZero: true, ticks: { precision: 0 } },
      },
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { title: (items) => (items[0] ? tooltipLabel(items[0].parsed.x ?? 0) : '') } },
      },
    };
  });
}
