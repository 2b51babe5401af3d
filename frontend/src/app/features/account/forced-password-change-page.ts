import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { Router } from '@angular/router';
import { AuthStore } from '../../core/auth/auth-store';
import { ChangePasswordForm } from './change-password-form';

/** After signing in with a temporary password: the one thing the account may do until it has its own. */
@Component({
  selector: 'ims-forced-password-change-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatCardModule, MatButtonModule, ChangePasswordForm],
  template: `
    <section class="auth-page">
      <mat-card appearance="outlined">
        <mat-card-header><h1 mat-card-title>Choose a new password</h1></mat-card-header>
        <mat-card-content>
          <p data-testid="forced-change-reason">
            {{ auth.user()?.username }}, you signed in with a temporary password. Choose your own to continue.
          </p>
          <ims-change-password-form currentLabel="Temporary password" (changed)="continue()" />
        </mat-card-content>
        <mat-card-actions>
          <button mat-button type="button" (click)="signOut()" data-testid="forced-change-sign-out">Sign out</button>
        </mat-card-actions>
      </mat-card>
    </section>
  `,
  styleUrl: '../auth/auth-page.scss',
})
export class ForcedPasswordChangePage {
  protected readonly auth = inject(AuthStore);
  private readonly router = inject(Router);

  protected continue(): void {
    void this.router.navigateByUrl('/');
  }

  protected signOut(): void {
    this.auth.signOut();
    void this.router.navigateByUrl('/sign-in');
  }
}
