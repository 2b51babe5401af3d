import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { ResourceChart } from './resource-chart';
import type { ResourceFigure } from './resource-figures';

/** A host's or container's figures: each one's latest value above its chart, side by side where there is room. */
@Component({
  selector: 'ims-resource-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ResourceChart],
  template: `<div class="panel">
    @for (figure of figures(); track figure.key) {
      <div class="figure-box" [attr.data-testid]="testId() + '-' + figure.key">
        <span class="label">{{ figure.title }}</span>
        <span class="now" [attr.data-testid]="testId() + '-' + figure.key + '-now'">{{ figure.now }}</span>
        <ims-resource-chart [title]="title() + ' ' + figure.title" [series]="figure.series" [format]="figure.format" [max]="figure.max" />
      </div>
    }
  </div>`,
  styles: `
    .panel {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(min(260px, 100%), 1fr));
      gap: 16px;
    }
    .figure-box {
      display: flex;
      flex-direction: column;
      gap: 4px;
      min-width: 0;
    }
    .label {
      font: var(--mat-sys-label-large);
      color: var(--mat-sys-on-surface-variant);
    }
    .now {
      font: var(--mat-sys-title-medium);
      font-variant-numeric: tabular-nums;
      overflow-wrap: anywhere;
    }
  `,
})
export class ResourcePanel {
  /** Whose figures these are ("Host", a container's name): the charts' accessible names begin with it. */
  readonly title = input.required<string>();
  readonly figures = input.required<readonly ResourceFigure[]>();
  readonly testId = input.required<string>();
}
