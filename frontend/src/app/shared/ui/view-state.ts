import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import type { LoadState } from '../load-state';

/**
 * The honest frame around a data view: a skeleton until the data first arrives, the error with Retry when a
 * request fails, the empty text when there is nothing, and the content otherwise. Data already shown stays
 * visible under a failed refresh, with the error and Retry above it.
 */
@Component({
  selector: 'ims-view-state',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule],
  template: `
    @if (state().error(); as error) {
      <div class="view-error" role="alert" [attr.data-testid]="testId() + '-error'">
        <span>{{ error }}</span>
        <button mat-stroked-button type="button" (click)="retry.emit()" [attr.data-testid]="testId() + '-retry'">Retry</button>
      </div>
    }
    @if (!state().loaded()) {
      @if (!state().error()) {
        <div class="skeleton" aria-busy="true" [attr.aria-label]="'Loading ' + label()" [attr.data-testid]="testId() + '-loading'">
          @for (row of skeletonRows(); track row) {
            <span class="skeleton-line"></span>
          }
        </div>
      }
    } @else if (empty()) {
      <p class="muted view-empty" [attr.data-testid]="testId() + '-empty'">{{ emptyText() }}</p>
    } @else {
      <ng-content />
    }
  `,
  styles: `
    :host {
      display: block;
    }
    .view-error {
      display: flex;
      flex-wrap: wrap;
      gap: 8px 16px;
      align-items: center;
      padding: 8px 12px;
      margin-bottom: 8px;
      border-radius: 8px;
      color: var(--mat-sys-on-error-container);
      background: var(--mat-sys-error-container);
    }
    .skeleton {
      display: grid;
      gap: 10px;
      padding: 8px 0;
    }
    .skeleton-line {
      display: block;
      height: 16px;
      border-radius: 4px;
      background: linear-gradient(
        90deg,
        var(--mat-sys-surface-container-high) 25%,
        var(--mat-sys-surface-container-highest) 50%,
        var(--mat-sys-surface-container-high) 75%
      );
      background-size: 200% 100%;
      animation: shimmer 1.4s ease-in-out infinite;
    }
    .skeleton-line:nth-child(3n + 2) {
      width: 80%;
    }
    .skeleton-line:nth-child(3n) {
      width: 60%;
    }
    @keyframes shimmer {
      from {
        background-position: 200% 0;
      }
      to {
        background-position: -200% 0;
      }
    }
    @media (max-width: 600px) {
      .view-error button {
        min-height: 44px;
      }
    }
    @media (prefers-reduced-motion: reduce) {
      .skeleton-line {
        animation: none;
      }
    }
  `,
})
export class ViewState {
  readonly state = input.required<LoadState>();
  /** Names the view for the data-testid of its parts and for screen readers while it loads. */
  readonly testId = input.required<string>();
  readonly label = input('data');
  readonly empty = input(false);
  readonly emptyText = input('Nothing here yet.');
  readonly rows = input(3);
  readonly retry = output();

  protected skeletonRows(): number[] {
    return Array.from({ length: this.rows() }, (_, index) => index);
  }
}
