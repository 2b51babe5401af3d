import { ChangeDetectionStrategy, Component, OnInit, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { LowStockNotices } from '../live/low-stock-notices';

/** So that fifty low items do not push every page below the fold: the rest are on the dashboard. */
const SHOWN = 5;

/** Shown on every page, so an operator hears about a low item wherever they are. */
@Component({
  selector: 'ims-low-stock-banner',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, MatButtonModule],
  template: `
    @if (notices.notices().length > 0) {
      <section class="banner" aria-label="Low stock" data-testid="low-stock-banner">
        <ul>
          @for (item of shown(); track item.id) {
            <li data-testid="low-stock-notice" [attr.data-sku]="item.sku">
              <span>
                <strong>Low stock:</strong>&ngsp;<a [routerLink]="['/items', item.id]">{{ item.sku }}</a> ({{ item.name }}) is at
                {{ item.quantity }} {{ item.unit }} (threshold {{ item.lowStockThreshold }})
              </span>
              <button
                mat-button
                type="button"
                (click)="notices.dismiss(item)"
                [attr.aria-label]="'Dismiss ' + item.sku"
                [attr.data-testid]="'low-stock-dismiss-' + item.sku"
              >
                Dismiss
              </button>
            </li>
          }
        </ul>
        <div class="actions">
          @if (hidden() > 0) {
            <a routerLink="/" data-testid="low-stock-more">and {{ hidden() }} more</a>
          }
          @if (notices.notices().length > 1) {
            <button mat-button type="button" (click)="notices.dismissAll()" data-testid="low-stock-dismiss-all">Dismiss all</button>
          }
        </div>
      </section>
    }
  `,
  styles: `
    .banner {
      display: flex;
      flex-wrap: wrap;
      align-items: flex-start;
      justify-content: space-between;
      gap: 0 8px;
      padding: 4px 24px;
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    a {
      color: inherit;
    }
    ul {
      margin: 0;
      padding: 0;
      list-style: none;
      min-width: 0;
    }
    li {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0 6px;
      overflow-wrap: anywhere;
    }
    .actions {
      display: flex;
      align-items: center;
      gap: 8px;
    }
    @media (max-width: 600px) {
      .banner {
        padding: 4px 12px;
      }
    }
  `,
})
export class LowStockBanner implements OnInit {
  protected readonly notices = inject(LowStockNotices);
  protected readonly shown = computed(() => this.notices.notices().slice(0, SHOWN));
  protected readonly hidden = computed(() => this.notices.notices().length - this.shown().length);

  ngOnInit(): void {
    this.notices.load();
  }
}
