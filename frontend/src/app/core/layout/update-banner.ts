import { ChangeDetectionStrategy, Component, DOCUMENT, InjectionToken, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { SwUpdate, type VersionReadyEvent } from '@angular/service-worker';
import { EMPTY, filter, map } from 'rxjs';

/** Reloads the page; a token so that a test can see the reload asked for without leaving the page. */
export const PAGE_RELOAD = new InjectionToken<() => void>('PAGE_RELOAD', {
  providedIn: 'root',
  factory: () => {
    const location = inject(DOCUMENT).location;
    return () => location.reload();
  },
});

/**
 * Once the service worker has a newer version of the app ready, offer to reload into it: the open
 * tab keeps running the version it loaded until then (a reload mid-form would lose what was typed).
 */
@Component({
  selector: 'ims-update-banner',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule],
  template: `
    @if (ready()) {
      <section class="banner" role="status" aria-live="polite" data-testid="update-banner">
        <span>A new version of IMS is available.</span>
        <button mat-flat-button type="button" (click)="reload()" data-testid="update-reload">Reload</button>
      </section>
    }
  `,
  styles: `
    .banner {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 4px 12px;
      padding: 8px 24px;
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
    }
  `,
})
export class UpdateBanner {
  // Absent where no service worker is provided (unit tests), disabled in development builds.
  private readonly updates = inject(SwUpdate, { optional: true });
  protected readonly reload = inject(PAGE_RELOAD);
  protected readonly ready = toSignal(
    (this.updates?.isEnabled ? this.updates.versionUpdates : EMPTY).pipe(
      filter((event): event is VersionReadyEvent => event.type === 'VERSION_READY'),
      map(() => true),
    ),
    { initialValue: false },
  );
}
