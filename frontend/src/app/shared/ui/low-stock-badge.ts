import { ChangeDetectionStrategy, Component } from '@angular/core';

@Component({
  selector: 'ims-low-stock-badge',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `<span class="badge" data-testid="low-stock-badge">Low stock</span>`,
  styles: `
    .badge {
      display: inline-block;
      margin-left: 6px;
      padding: 0 8px;
      border-radius: 10px;
      font: var(--mat-sys-label-small);
      line-height: 18px;
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
  `,
})
export class LowStockBadge {}
