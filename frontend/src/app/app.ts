import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatMenuModule } from '@angular/material/menu';
import { MatToolbarModule } from '@angular/material/toolbar';
import { isActive, Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { filter, of } from 'rxjs';
import { AuthStore } from './core/auth/auth-store';
import { ConnectionStatus } from './core/layout/connection-status';
import { LowStockBanner } from './core/layout/low-stock-banner';
import { NAV_LINKS } from './core/layout/nav-links';
import { OfflineStatus } from './core/layout/offline-status';
import { OutageBanner } from './core/layout/outage-banner';
import { UpdateBanner } from './core/layout/update-banner';
import { OfflineQueue } from './core/offline/offline-queue';
import { unsentOnSignOut } from './core/offline/unsent-on-sign-out';
import { confirmAction } from './shared/ui/confirm-dialog';

@Component({
  selector: 'ims-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterOutlet,
    RouterLink,
    RouterLinkActive,
    MatToolbarModule,
    MatButtonModule,
    MatMenuModule,
    ConnectionStatus,
    LowStockBanner,
    OutageBanner,
    OfflineStatus,
    UpdateBanner,
  ],
  templateUrl: './app.html',
  styleUrl: './app.scss',
})
export class App {
  protected readonly auth = inject(AuthStore);
  private readonly router = inject(Router);
  private readonly queue = inject(OfflineQueue);
  private readonly dialog = inject(MatDialog);
  protected readonly links = computed(() => NAV_LINKS.filter((link) => !link.managerOnly || this.auth.isManager()));
  protected readonly dailyLinks = computed(() => this.links().filter((link) => link.group === 'daily'));
  protected readonly manageLinks = computed(() => this.links().filter((link) => link.group === 'manage'));
  private readonly manageOpen = NAV_LINKS.filter((link) => link.group === 'manage').map((link) =>
    isActive(link.path, this.router, link.match),
  );
  /** The Manage button shows as current while one of its pages is open. */
  protected readonly managing = computed(() => this.manageOpen.some((open) => open()));

  /** Asks first while movements made here are not recorded yet: they stay on this device, unsent, until the same person signs in here again. */
  protected signOut(): void {
    const question = unsentOnSignOut(this.queue.waitingCount(), this.queue.attention().length);
    (question ? confirmAction(this.dialog, question, 'Sign out') : of(true)).pipe(filter(Boolean)).subscribe(() => {
      this.auth.signOut();
      void this.router.navigate(['/sign-in']);
    });
  }
}
