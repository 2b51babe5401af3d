import { ChangeDetectionStrategy, Component, inject, input, output, signal, viewChild } from '@angular/core';
import { FormGroupDirective, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { AuthStore } from '../../core/auth/auth-store';
import { applyProblem, errorMessage, toProblem } from '../../shared/forms/problem-details';

/**
 * Current password, new password: the server judges the new one (length, common passwords, the
 * username) and answers which field is at fault. Emits `changed` once the session has a full token again.
 */
@Component({
  selector: 'ims-change-password-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatInputModule],
  template: `
    <form [formGroup]="form" (ngSubmit)="submit()" class="form-column" novalidate>
      <mat-form-field>
        <mat-label>{{ currentLabel() }}</mat-label>
        <input matInput type="password" formControlName="currentPassword" autocomplete="current-password" data-testid="password-current" />
        <mat-error>{{ errorMessage(form.controls.currentPassword) }}</mat-error>
      </mat-form-field>
      <mat-form-field subscriptSizing="dynamic">
        <mat-label>New password</mat-label>
        <input matInput type="password" formControlName="newPassword" autocomplete="new-password" data-testid="password-new" />
        <mat-hint>8 to 72 characters, not a common password, not containing your username</mat-hint>
        <mat-error>{{ errorMessage(form.controls.newPassword) }}</mat-error>
      </mat-form-field>
      @if (error(); as message) {
        <p class="error-text" role="alert" data-testid="password-error">{{ message }}</p>
      }
      @if (done()) {
        <p role="status" data-testid="password-changed">Password changed. Your other sessions were signed out.</p>
      }
      <button mat-flat-button type="submit" [disabled]="submitting()" data-testid="password-submit">Change password</button>
    </form>
  `,
})
export class ChangePasswordForm {
  private readonly auth = inject(AuthStore);
  readonly currentLabel = input('Current password');
  readonly changed = output();
  protected readonly errorMessage = errorMessage;
  protected readonly submitting = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly done = signal(false);
  private readonly formDirective = viewChild.required(FormGroupDirective);

  protected readonly form = inject(NonNullableFormBuilder).group({
    currentPassword: ['', Validators.required],
    newPassword: ['', Validators.required],
  });

  protected submit(): void {
    if (this.form.invalid || this.submitting()) {
      this.form.markAllAsTouched();
      return;
    }
    const { currentPassword, newPassword } = this.form.getRawValue();
    this.submitting.set(true);
    this.error.set(null);
    this.done.set(false);
    this.auth.changePassword(currentPassword, newPassword).subscribe({
      next: () => {
        this.submitting.set(false);
        this.done.set(true);
        this.formDirective().resetForm();
        this.changed.emit();
      },
      error: (error: unknown) => {
        this.submitting.set(false);
        this.error.set(applyProblem(this.form, toProblem(error)));
      },
    });
  }
}
