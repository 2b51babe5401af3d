import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { Filler, Legend, LineController, LineElement, LinearScale, PointElement, Tooltip, type ChartConfiguration } from 'chart.js';
import { BaseChartDirective, provideCharts } from 'ng2-charts';
import { axisFormat } from '../items/quantity-chart';
import { orDash } from './health-figures';

export interface ChartPoint {
  readonly x: number;
  /** Null where the figure is unknown (a first sample's rate): the line has a gap there. */
  readonly y: number | null;
}

export interface ChartSeries {
  readonly label: string;
  readonly color: string;
  readonly points: readonly ChartPoint[];
}

const time = (format: Intl.DateTimeFormatOptions) => (value: number | string) => new Date(Number(value)).toLocaleString(undefined, format);

/** The latest and the highest known value of a series, for the chart's accessible summary. */
function summaryOf(series: ChartSeries, format: (value: number) => string): string {
  const known = series.points.flatMap((point) => (point.y === null ? [] : [point.y]));
  const latest = orDash(known.at(-1), format);
  return known.length === 0 ? `${series.label} not known yet` : `${series.label} now ${latest}, at most ${format(Math.max(...known))}`;
}

/** One figure's history as a line chart; screen readers get its name with the latest and highest values. */
@Component({
  selector: 'ims-resource-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [BaseChartDirective],
  // Only what these charts draw, so Chart.js stays small and in this lazy chunk.
  providers: [provideCharts({ registerables: [LineController, LineElement, PointElement, LinearScale, Tooltip, Filler, Legend] })],
  template: `<div class="canvas-box">
    <canvas baseChart type="line" role="img" [attr.aria-label]="description()" [data]="data()" [options]="options()"></canvas>
  </div>`,
  styles: `
    :host {
      display: block;
      min-width: 0;
    }
    .canvas-box {
      position: relative;
      height: 160px;
      width: 100%;
    }
  `,
})
export class ResourceChart {
  /** The chart's accessible name, e.g. "Host CPU"; the description adds the latest and highest values. */
  readonly title = input.required<string>();
  readonly series = input.required<readonly ChartSeries[]>();
  /** How a value reads on the axis, in tooltips and in the summary. */
  readonly format = input.required<(value: number) => string>();
  /** The axis' top, e.g. 100 for a percentage of one core or the memory limit; open when unset. */
  readonly max = input<number | undefined>(undefined);

  protected readonly description = computed(
    () =>
      `${this.title()}: ${this.series()
        .map((series) => summaryOf(series, this.format()))
        .join('; ')}`,
  );

  protected readonly data = computed<ChartConfiguration<'line', ChartPoint[]>['data']>(() => ({
    datasets: this.series().map((series) => ({
      label: series.label,
      data: [...series.points],
      borderColor: series.color,
      backgroundColor: series.color,
      borderWidth: 2,
      pointRadius: 0,
      spanGaps: false,
    })),
  }));

  protected readonly options = computed<ChartConfiguration<'line', ChartPoint[]>['options']>(() => {
    const xs = this.series().flatMap((series) => series.points.map((point) => point.x));
    const span = xs.length > 1 ? Math.max(...xs) - Math.min(...xs) : 0;
    const format = this.format();
    return {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      parsing: false,
      interaction: { mode: 'index', intersect: false },
      scales: {
        x: { type: 'linear', ticks: { callback: time(axisFormat(span)), maxTicksLimit: 4, maxRotation: 0, autoSkipPadding: 16 } },
        y: { beginAtZero: true, max: this.max(), ticks: { callback: (value) => format(Number(value)), maxTicksLimit: 4, precision: 0 } },
      },
      plugins: {
        legend: { display: this.series().length > 1, labels: { boxWidth: 12 } },
        tooltip: {
          callbacks: {
            title: (items) => (items[0] ? time({ timeStyle: 'medium' })(items[0].parsed.x ?? 0) : ''),
            label: (item) => `${item.dataset.label ?? ''}: ${orDash(item.parsed.y, format)}`,
          },
        },
      },
    };
  });
}
