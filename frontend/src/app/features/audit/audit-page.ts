import { DatePipe, JsonPipe, NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, OnInit, computed, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { Item, StoredEvent } from '../../core/api/models';
import { ItemPicker } from '../../shared/ui/item-picker';
import { ViewState } from '../../shared/ui/view-state';
import { AuditStore, type EventOrder } from './audit-store';
import { eventChanges, eventSummary, reversedMovement, shownValue } from './event-details';

const EVENT_TYPES = [
  'ItemChanged',
  'StockMoved',
  'LowStockAlertRaised',
  'LowStockAlertSent',
  'LowStockAlertPreviewed',
  'LowStockAlertFailed',
  'UserRegistered',
  'UserRoleChanged',
  'UserDeactivated',
  'UserReactivated',
  'PasswordChanged',
  'PasswordReset',
  'UserSignedIn',
  'UserSignInFailed',
  'UserSignedOut',
  'ApiTokenCreated',
  'ApiTokenRevoked',
  'WebhookDisabled',
];

@Component({
  selector: 'ims-audit-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    DatePipe,
    JsonPipe,
    NgTemplateOutlet,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    ItemPicker,
    ViewState,
  ],
  providers: [AuditStore],
  templateUrl: './audit-page.html',
  styleUrl: './audit-page.scss',
})
export class AuditPage implements OnInit {
  protected readonly store = inject(AuditStore);
  protected readonly eventTypes = EVENT_TYPES;
  protected readonly summary = eventSummary;
  protected readonly reverses = reversedMovement;
  protected readonly changes = eventChanges;
  protected readonly shown = shownValue;
  protected readonly item = signal<Item | null>(null);
  protected readonly expanded = signal<ReadonlySet<number>>(new Set());
  private readonly usernames = computed(() => new Map(this.store.users().map((user) => [user.id, user.username])));

  private readonly form = inject(NonNullableFormBuilder);
  protected readonly filters = this.form.group({
    order: this.form.control<EventOrder>('desc'),
    category: [''],
    type: [''],
    userId: [''],
    from: [''],
    to: [''],
  });

  ngOnInit(): void {
    this.store.loadUsers();
    this.search();
  }

  protected search(): void {
    this.store.search({ ...this.filters.getRawValue(), itemId: this.item()?.id });
  }

  protected author(event: StoredEvent): string {
    const { username, userId } = event.metadata;
    return username ?? (userId ? (this.usernames().get(userId) ?? userId) : 'system');
  }

  protected toggle(position: number): void {
    this.expanded.update((open) => {
      const next = new Set(open);
      if (!next.delete(position)) next.add(position);
      return next;
    });
  }
}
