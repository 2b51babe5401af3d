import { ChangeDetectionStrategy, Component, OnInit, inject } from '@angular/core';
import { MatDialog } from '@angular/material/dialog';
import { Router, RouterLink } from '@angular/router';
import { filter } from 'rxjs';
import type { SignInSession } from '../../core/api/models';
import { AuthStore } from '../../core/auth/auth-store';
import { confirmAction } from '../../shared/ui/confirm-dialog';
import { ViewState } from '../../shared/ui/view-state';
import { AccountStore } from './account-store';
import { ChangePasswordForm } from './change-password-form';
import { SessionList } from './session-list';

/** The question before revoking one's own session: the current one signs this browser out. */
export function revokeQuestion(session: Pick<SignInSession, 'browser' | 'current'>): string {
  return session.current ? 'Revoke this session? This browser will be signed out.' : `Revoke the session in ${session.browser}?`;
}

@Component({
  selector: 'ims-account-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, ViewState, ChangePasswordForm, SessionList],
  providers: [AccountStore],
  template: `
    <section class="page">
      <header class="page-header"><h1>Your account</h1></header>
      <p data-testid="account-who">Signed in as {{ auth.user()?.username }} ({{ auth.user()?.role }}).</p>
      <p><a routerLink="/account/tokens" data-testid="account-tokens-link">API tokens</a> for scripts and other programs.</p>
      <div class="layout">
        <section aria-labelledby="account-sessions">
          <h2 id="account-sessions">Where you are signed in</h2>
          @if (store.error(); as error) {
            <p class="error-text" role="alert" data-testid="account-session-error">{{ error }}</p>
          }
          <ims-view-state
            [state]="store.state"
            testId="account-sessions"
            label="your sessions"
            [empty]="store.sessions().length === 0"
            emptyText="No sessions."
            (retry)="store.load()"
          >
            <ims-session-list [sessions]="store.sessions()" [revocable]="true" (revoke)="revoke($event)" />
          </ims-view-state>
        </section>
        <section aria-labelledby="account-password">
          <h2 id="account-password">Change your password</h2>
          <ims-change-password-form (changed)="store.load()" />
        </section>
      </div>
    </section>
  `,
  styles: `
    @use '../../shared/ui/card-list';
    @include card-list.settings-page;
  `,
})
export class AccountPage implements OnInit {
  protected readonly store = inject(AccountStore);
  protected readonly auth = inject(AuthStore);
  private readonly dialog = inject(MatDialog);
  private readonly router = inject(Router);

  ngOnInit(): void {
    this.store.load();
  }

  protected revoke(session: SignInSession): void {
    confirmAction(this.dialog, revokeQuestion(session), 'Revoke')
      .pipe(filter(Boolean))
      .subscribe(() => {
        this.store.revoke(session);
        if (!session.current) return;
        this.auth.signOut();
        void this.router.navigateByUrl('/sign-in');
      });
  }
}
