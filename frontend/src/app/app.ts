import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatMenuModule } from '@angular/material/menu';
import { MatToolbarModule } from '@angular/material/toolbar';
import { isActive, Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { AuthStore } from './core/auth/auth-store';
import { ConnectionStatus } from './core/layout/connection-status';
import { LowStockBanner } from './core/layout/low-stock-banner';
import { NAV_LINKS } from './core/layout/nav-links';
import { OfflineStatus } from './core/layout/offline-status';
import { OutageBanner } from './core/layout/outage-banner';

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
  ],
  templateUrl: './app.html',
  styleUrl: './app.scss',
})
export class App {
  protected readonly auth = inject(AuthStore);
  private readonly router = inject(Router);
  protected readonly links = computed(() => NAV_LINKS.filter((link) => !link.managerOnly || this.auth.isManager()));
  protected readonly dailyLinks = computed(() => this.links().filter((link) => link.group === 'daily'));
  protected readonly manageLinks = computed(() => this.links().filter((link) => link.group === 'manage'));
  private readonly manageOpen = NAV_LINKS.filter((link) => link.group === 'manage').map((link) =>
    isActive(link.path, this.router, link.match),
  );
  /** The Manage button shows as current while one of its pages is open. */
  protected readonly managing = computed(() => this.manageOpen.some((open) => open()));

  protected signOut(): void {
    this.auth.signOut();
    void this.router.navigate(['/sign-in']);
  }
}
