import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { LiveBus } from '../live/live-bus';
import type { ConnectionState } from '../live/live-messages';

const LABELS: Record<ConnectionState, string> = {
  live: 'Live',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
};

/** Whether colleagues' changes are arriving right now. */
@Component({
  selector: 'ims-connection-status',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <span
      class="status"
      [attr.data-state]="state()"
      data-testid="connection-status"
      role="status"
      [attr.aria-label]="'Live updates: ' + label()"
    >
      <span class="dot" aria-hidden="true"></span>{{ label() }}
    </span>
  `,
  styles: `
    .status {
      display: inline-flex;
      align-items: center;
      gap: 6px;
      padding: 2px 10px;
      border-radius: 12px;
      font: var(--mat-sys-label-large);
      background: var(--mat-sys-surface-container-high);
    }
    .dot {
      width: 10px;
      height: 10px;
      border-radius: 50%;
      background: var(--mat-sys-outline);
    }
    [data-state='live'] .dot {
      background: #1b873f;
    }
    [data-state='connecting'] .dot,
    [data-state='reconnecting'] .dot {
      background: #d98e04;
    }
    [data-state='offline'] .dot {
      background: var(--mat-sys-error);
    }
  `,
})
export class ConnectionStatus {
  protected readonly state = inject(LiveBus).connectionState;
  protected readonly label = computed(() => LABELS[this.state()]);
}
