import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import type { SignInSession } from '../../core/api/models';

/** Sessions as rows (cards on a phone): browser, address, signed in, last used; a Revoke button per row when `revocable`. */
@Component({
  selector: 'ims-session-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, MatButtonModule],
  template: `
    <ul class="sessions">
      @for (session of sessions(); track session.id) {
        <li class="session" data-testid="session-row" [attr.data-current]="session.current">
          <span class="browser">
            {{ session.browser }}
            @if (session.current) {
              <strong class="this" data-testid="session-current">(this session)</strong>
            }
          </span>
          <span class="detail">From {{ session.address ?? 'an unknown address' }}</span>
          <span class="detail"
            >Signed in <time [attr.datetime]="session.createdAt">{{ session.createdAt | date: 'medium' }}</time></span
          >
          <span class="detail"
            >Last used <time [attr.datetime]="session.lastUsedAt">{{ session.lastUsedAt | date: 'medium' }}</time></span
          >
          @if (revocable()) {
            <button
              mat-stroked-button
              type="button"
              (click)="revoke.emit(session)"
              [attr.aria-label]="'Revoke ' + session.browser + (session.current ? ' (this session)' : '')"
              data-testid="session-revoke"
            >
              Revoke
            </button>
          }
        </li>
      }
    </ul>
  `,
  styles: `
    @use '../../shared/ui/card-list';
    .sessions {
      @include card-list.card-list('.session', minmax(0, 2fr) repeat(3, minmax(0, 1.5fr)) auto);
    }
    .this {
      font-weight: 500;
    }
    @media (max-width: 600px) {
      .browser {
        font: var(--mat-sys-title-medium);
      }
    }
  `,
})
export class SessionList {
  readonly sessions = input.required<readonly SignInSession[]>();
  readonly revocable = input(false);
  readonly revoke = output<SignInSession>();
}
