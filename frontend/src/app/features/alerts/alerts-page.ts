import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, OnInit, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { ViewState } from '../../shared/ui/view-state';
import { AlertsStore } from './alerts-store';

@Component({
  selector: 'ims-alerts-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, DatePipe, MatButtonModule, ViewState],
  providers: [AlertsStore],
  templateUrl: './alerts-page.html',
  styleUrl: './alerts-page.scss',
})
export class AlertsPage implements OnInit {
  protected readonly store = inject(AlertsStore);
  protected readonly open = signal<string | null>(null);

  ngOnInit(): void {
    this.store.load();
  }

  protected toggle(id: string): void {
    this.open.update((current) => (current === id ? null : id));
  }
}
