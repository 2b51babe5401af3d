import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { LowStockNotices } from '../live/low-stock-notices';

/** Shown on every page, so an operator hears about a low item wherever they are. */
@Component({
  selector: 'ims-low-stock-banner',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, MatButtonModule],
  template: `
    @if (notices.notices().length > 0) {
      <section class="banner" role="alert" data-testid="low-stock-banner">
        <ul>
          @for (alert of notices.notices(); track alert.id) {
            <li data-testid="low-stock-notice">
              <strong>Low stock:</strong>
              <a [routerLink]="['/items', alert.itemId]">{{ alert.sku }}</a> ({{ alert.name }}) is at {{ alert.quantity }}
              {{ alert.unit }} (threshold {{ alert.threshold }})
              <button mat-button type="button" (click)="notices.dismiss(alert)">Dismiss</button>
            </li>
          }
        </ul>
        @if (notices.notices().length > 1) {
          <button mat-button type="button" (click)="notices.dismissAll()" data-testid="low-stock-dismiss-all">Dismiss all</button>
        }
      </section>
    }
  `,
  styles: `
    .banner {
      display: flex;
      align-items: flex-start;
      justify-content: space-between;
      gap: 8px;
      padding: 4px 24px;
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    ul {
      margin: 0;
      padding: 0;
      list-style: none;
    }
    li {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0 6px;
    }
  `,
})
export class LowStockBanner {
  protected readonly notices = inject(LowStockNotices);
}
