import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import type { ApiToken } from '../../core/api/models';

/** API tokens as rows (cards on a phone): name, role, read-only, created, last used, expires, and Revoke. */
@Component({
  selector: 'ims-token-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, MatButtonModule],
  template: `
    <ul class="tokens">
      @for (token of tokens(); track token.id) {
        <li class="token" data-testid="token-row" [attr.data-token-name]="token.name">
          <span class="name">{{ token.name }}</span>
          <span class="detail" data-testid="token-access">{{ token.role }}{{ token.readOnly ? ', read-only' : '' }}</span>
          <span class="detail"
            >Created <time [attr.datetime]="token.createdAt">{{ token.createdAt | date: 'mediumDate' }}</time></span
          >
          <span class="detail" data-testid="token-last-used">
            @if (token.lastUsedAt; as used) {
              Last used <time [attr.datetime]="used">{{ used | date: 'medium' }}</time>
            } @else {
              Never used
            }
          </span>
          <span class="detail" data-testid="token-expires">
            @if (token.expiresAt; as expires) {
              Expires <time [attr.datetime]="expires">{{ expires | date: 'mediumDate' }}</time>
            } @else {
              Never expires
            }
          </span>
          <button
            mat-stroked-button
            type="button"
            (click)="revoke.emit(token)"
            [attr.aria-label]="'Revoke ' + token.name"
            data-testid="token-revoke"
          >
            Revoke
          </button>
        </li>
      }
    </ul>
  `,
  styles: `
    @use '../../shared/ui/card-list';
    .tokens {
      @include card-list.card-list('.token', minmax(0, 2fr) repeat(4, minmax(0, 1.5fr)) auto);
    }
    .name {
      font-weight: 500;
    }
    @media (max-width: 600px) {
      .name {
        font: var(--mat-sys-title-medium);
      }
    }
  `,
})
export class TokenList {
  readonly tokens = input.required<readonly ApiToken[]>();
  readonly revoke = output<ApiToken>();
}
