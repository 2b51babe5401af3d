import { CurrencyPipe, DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, OnInit, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { RouterLink } from '@angular/router';
import { AuthStore } from '../../core/auth/auth-store';
import { ViewState } from '../../shared/ui/view-state';
import { COUNT_INTERVAL_DAYS, DashboardStore } from './dashboard-store';

@Component({
  selector: 'ims-dashboard-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, CurrencyPipe, DatePipe, MatCardModule, MatButtonModule, ViewState],
  providers: [DashboardStore],
  templateUrl: './dashboard-page.html',
  styleUrl: './dashboard-page.scss',
})
export class DashboardPage implements OnInit {
  protected readonly store = inject(DashboardStore);
  protected readonly auth = inject(AuthStore);
  protected readonly countInterval = COUNT_INTERVAL_DAYS;

  ngOnInit(): void {
    this.store.load();
  }
}
