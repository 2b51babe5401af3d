import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { OfflineQueue } from '../../core/offline/offline-queue';
import { quantityOf, type Refusal } from '../../core/offline/queued-movement';

const KIND: Record<string, string> = { IN: 'IN', OUT: 'OUT', ADJUST: 'Count' };

/** The movements the server refused when they arrived, each with its reason and a one-tap fix. */
@Component({
  selector: 'ims-needs-attention',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, MatButtonModule],
  template: `
    @if (queue.attention().length > 0) {
      <section aria-labelledby="attention-title" data-testid="needs-attention">
        <h2 id="attention-title">Needs attention</h2>
        <ul>
          @for (refusal of queue.attention(); track refusal.key) {
            <li data-testid="attention-item">
              <p class="what">
                {{ describe(refusal) }} {{ quantityOf(refusal.request) }} × {{ refusal.label.name }}
                <span class="sku">{{ refusal.label.sku }}</span> · <span class="when">made at {{ refusal.queuedAt | date: 'HH:mm' }}</span>
              </p>
              <p class="reason" data-testid="attention-reason">{{ refusal.reason }}</p>
              <div class="fix">
                <input
                  #quantity
                  type="number"
                  inputmode="numeric"
                  min="1"
                  [value]="quantityOf(refusal.request)"
                  aria-label="Quantity to retry with"
                  data-testid="attention-quantity"
                />
                <button mat-flat-button type="button" (click)="retry(refusal, quantity.valueAsNumber)" data-testid="attention-retry">
                  Retry
                </button>
                <button mat-stroked-button type="button" (click)="queue.discard(refusal)" data-testid="attention-discard">Discard</button>
              </div>
            </li>
          }
        </ul>
      </section>
    }
  `,
  styles: `
    ul {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    li {
      padding: 8px 0;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
      overflow-wrap: anywhere;
    }
    p {
      margin: 0 0 4px;
    }
    .reason {
      color: var(--mat-sys-error);
    }
    .sku,
    .when {
      color: var(--mat-sys-on-surface-variant);
    }
    .fix {
      display: grid;
      grid-template-columns: minmax(0, 1fr) auto auto;
      gap: 8px;
    }
    input,
    button {
      min-height: 48px;
      min-width: 0;
    }
    input {
      padding: 0 8px;
      font: var(--mat-sys-title-medium);
      border: 1px solid var(--mat-sys-outline);
      border-radius: 8px;
      background: var(--mat-sys-surface);
      color: var(--mat-sys-on-surface);
    }
  `,
})
export class NeedsAttention {
  protected readonly queue = inject(OfflineQueue);
  protected readonly quantityOf = quantityOf;

  protected describe({ request }: Refusal): string {
    return request.kind === 'transfer' ? 'Transfer' : (KIND[request.body.type] ?? request.body.type);
  }

  protected retry(refusal: Refusal, quantity: number): void {
    if (Number.isInteger(quantity) && quantity >= (refusal.request.kind === 'movement' && refusal.request.body.type === 'ADJUST' ? 0 : 1)) {
      void this.queue.retryWith(refusal, quantity);
    }
  }
}
