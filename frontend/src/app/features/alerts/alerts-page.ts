import { DatePipe } from '@angular/common';
import { Component, OnInit, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import type { AlertEmail } from '../../core/api/models';
import { AlertsStore } from './alerts-store';

export const recipients = (email: AlertEmail) => (Array.isArray(email.to) ? email.to.join(', ') : (email.to ?? ''));

@Component({
  selector: 'ims-alerts-page',
  imports: [RouterLink, DatePipe, MatButtonModule],
  providers: [AlertsStore],
  templateUrl: './alerts-page.html',
  styleUrl: './alerts-page.scss',
})
export class AlertsPage implements OnInit {
  protected readonly store = inject(AlertsStore);
  protected readonly open = signal<string | null>(null);
  protected readonly recipients = recipients;

  ngOnInit(): void {
    this.store.load();
  }

  protected toggle(id: string): void {
    this.open.update((current) => (current === id ? null : id));
  }
}
