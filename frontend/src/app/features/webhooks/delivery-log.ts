import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import type { WebhookDelivery } from './webhooks-api';

/** A webhook's deliveries, newest first: what, state, attempts, the last answer and its time, and Redeliver. */
@Component({
  selector: 'ims-delivery-log',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, MatButtonModule],
  template: `
    <ul class="deliveries">
      @for (delivery of deliveries(); track delivery.id) {
        <li class="delivery" data-testid="delivery-row" [attr.data-state]="delivery.state">
          <span class="type">{{ delivery.eventType }}</span>
          <span class="detail" data-testid="delivery-state">{{ delivery.state }}</span>
          <span class="detail" data-testid="delivery-answer">
            @if (delivery.responseStatus !== null) {
              HTTP {{ delivery.responseStatus }}
            } @else if (delivery.attempts === 0) {
              Not tried yet
            } @else {
              No answer
            }
            @if (delivery.durationMs !== null) {
              in {{ delivery.durationMs }} ms
            }
          </span>
          <span class="detail" data-testid="delivery-attempts"
            >{{ delivery.attempts }} {{ delivery.attempts === 1 ? 'attempt' : 'attempts' }}</span
          >
          <span class="detail">
            <time [attr.datetime]="delivery.createdAt">{{ delivery.createdAt | date: 'medium' }}</time>
            @if (delivery.lastError; as error) {
              <span class="error">{{ error }}</span>
            }
          </span>
          <button
            mat-stroked-button
            type="button"
            (click)="redeliver.emit(delivery)"
            [attr.aria-label]="'Redeliver ' + delivery.eventType + ' of ' + (delivery.createdAt | date: 'medium')"
            data-testid="delivery-redeliver"
          >
            Redeliver
          </button>
        </li>
      }
    </ul>
  `,
  styles: `
    @use '../../shared/ui/card-list';
    .deliveries {
      @include card-list.card-list('.delivery', minmax(0, 1.5fr) repeat(3, minmax(0, 1fr)) minmax(0, 2fr) auto);
    }
    .type {
      font-weight: 500;
    }
    .error {
      display: block;
      color: var(--mat-sys-error);
    }
  `,
})
export class DeliveryLog {
  readonly deliveries = input.required<readonly WebhookDelivery[]>();
  readonly redeliver = output<WebhookDelivery>();
}
