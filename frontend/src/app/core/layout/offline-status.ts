import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { RouterLink } from '@angular/router';
import { OfflineQueue } from '../offline/offline-queue';

/** Whether this device has the network, and how many of its movements wait to be sent or need a decision. */
@Component({
  selector: 'ims-offline-status',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink],
  template: `
    @if (worthShowing()) {
      <a class="status" routerLink="/scan" [attr.data-online]="queue.online()" data-testid="offline-status" [title]="title()">
        <span>{{ queue.online() ? 'Online' : 'Offline' }}</span>
        @if (queue.waitingCount() > 0) {
          <span class="count" data-testid="offline-waiting">{{ queue.waitingCount() }}<span class="word"> waiting</span></span>
        }
        @if (queue.attention().length > 0) {
          <span class="count attention" data-testid="offline-attention"
            >{{ queue.attention().length }}<span class="word"> to check</span></span
          >
        }
      </a>
    }
  `,
  styles: `
    .status {
      display: inline-flex;
      align-items: center;
      gap: 6px;
      min-height: 44px;
      padding: 0 8px;
      font: var(--mat-sys-label-large);
      color: inherit;
      text-decoration: none;
      white-space: nowrap;
    }
    [data-online='false'] {
      color: var(--mat-sys-error);
    }
    .count {
      padding: 2px 8px;
      border-radius: 12px;
      background: var(--mat-sys-surface-container-high);
    }
    .attention {
      background: var(--mat-sys-error-container);
      color: var(--mat-sys-on-error-container);
    }
    // A phone's toolbar has room for the figures only; the words stay for screen readers.
    @media (max-width: 600px) {
      .word {
        position: absolute;
        width: 1px;
        height: 1px;
        overflow: hidden;
        clip-path: inset(50%);
        white-space: nowrap;
      }
    }
  `,
})
export class OfflineStatus {
  protected readonly queue = inject(OfflineQueue);
  /** Online with nothing waiting is the ordinary state, which the live status beside it already shows. */
  protected readonly worthShowing = computed(
    () => !this.queue.online() || this.queue.waitingCount() > 0 || this.queue.attention().length > 0,
  );
  protected readonly title = computed(() => {
    const parts = [this.queue.online() ? 'This device is online' : 'This device is offline'];
    if (this.queue.waitingCount() > 0) parts.push(`${this.queue.waitingCount()} movements waiting to be sent`);
    if (this.queue.attention().length > 0) parts.push(`${this.queue.attention().length} refused movements to check`);
    return `${parts.join(', ')}. Open the scan page.`;
  });
}
