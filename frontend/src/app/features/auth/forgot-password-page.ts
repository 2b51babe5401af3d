import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { ApiClient } from '../../core/api/api-client';
import { toProblem } from '../../shared/forms/problem-details';

/** "Forgot password?": asks for a one-time link by username or email; the answer never says whether an account matched. */
@Component({
  selector: 'ims-forgot-password-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, RouterLink, MatCardModule, MatFormFieldModule, MatInputModule, MatButtonModule],
  template: `
    <section class="auth-page">
      <mat-card appearance="outlined">
        <mat-card-header><h1 mat-card-title>Forgot your password?</h1></mat-card-header>
        <mat-card-content>
          @if (sent()) {
            <p role="status" data-testid="forgot-sent">
              If an active account matches, a link to set a new password is on its way to its email address. It works once, for a limited
              time.
            </p>
          } @else {
            <form [formGroup]="form" (ngSubmit)="submit()" class="form-column" novalidate>
              <mat-form-field>
                <mat-label>Username or email</mat-label>
                <input matInput formControlName="login" autocomplete="username" data-testid="forgot-login" />
                <mat-error>Required</mat-error>
              </mat-form-field>
              @if (error(); as message) {
                <p class="error-text" role="alert" data-testid="forgot-error">{{ message }}</p>
              }
              <button mat-flat-button type="submit" [disabled]="submitting()" data-testid="forgot-submit">Email me a link</button>
            </form>
          }
        </mat-card-content>
        <mat-card-actions>
          <a mat-button routerLink="/sign-in" data-testid="forgot-sign-in">Back to sign in</a>
        </mat-card-actions>
      </mat-card>
    </section>
  `,
  styleUrl: './auth-page.scss',
})
export class ForgotPasswordPage {
  private readonly api = inject(ApiClient);
  protected readonly form = inject(NonNullableFormBuilder).group({ login: ['', Validators.required] });
  protected readonly submitting = signal(false);
  protected readonly sent = signal(false);
  protected readonly error = signal<string | null>(null);

  protected submit(): void {
    if (this.form.invalid || this.submitting()) {
      this.form.markAllAsTouched();
      return;
    }
    this.submitting.set(true);
    this.error.set(null);
    this.api.requestResetLink(this.form.getRawValue().login).subscribe({
      next: () => this.sent.set(true),
      error: (error: unknown) => {
        this.submitting.set(false);
        const problem = toProblem(error);
        this.error.set(problem.detail || problem.title);
      },
    });
  }
}
