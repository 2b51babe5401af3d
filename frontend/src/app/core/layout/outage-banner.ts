import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { ServerReachability } from '../reachability/server-reachability';

/** While the server cannot serve requests: say so, and that the app carries on by itself once it can. */
@Component({
  selector: 'ims-outage-banner',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (reachability.unreachable()) {
      <section class="banner" role="status" aria-live="polite" data-testid="outage-banner">
        <strong>Reconnecting…</strong>
        The server cannot reach its database right now. You stay signed in; pages load again by themselves once it is back.
      </section>
    }
  `,
  styles: `
    .banner {
      display: flex;
      flex-wrap: wrap;
      gap: 0 6px;
      padding: 8px 24px;
      background: var(--mat-sys-tertiary-container);
      color: var(--mat-sys-on-tertiary-container);
    }
  `,
})
export class OutageBanner {
  protected readonly reachability = inject(ServerReachability);
}
