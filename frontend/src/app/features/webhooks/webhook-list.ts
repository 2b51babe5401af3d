import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import type { Webhook } from './webhooks-api';

/** Webhooks as rows (cards on a phone): URL, event types, format, state, and their actions. */
@Component({
  selector: 'ims-webhook-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule],
  template: `
    <ul class="webhooks">
      @for (webhook of webhooks(); track webhook.id) {
        <li class="webhook" data-testid="webhook-row" [attr.data-webhook-url]="webhook.url">
          <span class="url">{{ webhook.url }}</span>
          <span class="detail" data-testid="webhook-events">{{ webhook.events.join(', ') }}</span>
          <span class="detail" data-testid="webhook-state">
            {{ webhook.active ? 'Active' : 'Paused' }}{{ webhook.format === 'slack' ? ' · chat text' : '' }}
            @if (webhook.disabledReason; as reason) {
              <span class="disabled" role="note">Disabled automatically: {{ reason }}</span>
            }
          </span>
          <span class="actions">
            <button mat-stroked-button type="button" (click)="test.emit(webhook)" data-testid="webhook-test">Send test</button>
            <button mat-stroked-button type="button" (click)="log.emit(webhook)" data-testid="webhook-log">Deliveries</button>
            <button mat-stroked-button type="button" (click)="edit.emit(webhook)" data-testid="webhook-edit">Edit</button>
            <button
              mat-stroked-button
              type="button"
              (click)="remove.emit(webhook)"
              [attr.aria-label]="'Delete ' + webhook.url"
              data-testid="webhook-delete"
            >
              Delete
            </button>
          </span>
        </li>
      }
    </ul>
  `,
  styles: `
    @use '../../shared/ui/card-list';
    .webhooks {
      @include card-list.card-list('.webhook', minmax(0, 2fr) minmax(0, 1.5fr) minmax(0, 1fr) auto);
    }
    .url {
      font-weight: 500;
    }
    .disabled {
      display: block;
      color: var(--mat-sys-error);
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 8px;
    }
  `,
})
export class WebhookList {
  readonly webhooks = input.required<readonly Webhook[]>();
  readonly test = output<Webhook>();
  readonly log = output<Webhook>();
  readonly edit = output<Webhook>();
  readonly remove = output<Webhook>();
}
