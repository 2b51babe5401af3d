import { ChangeDetectionStrategy, Component, inject, output, signal, viewChild } from '@angular/core';
import { FormControl, FormGroupDirective, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { ApiClient } from '../../core/api/api-client';
import type { PositionedUser, Role } from '../../core/api/models';
import { applyProblem, errorMessage, toProblem } from '../../shared/forms/problem-details';

/** A manager's new service account: a user for scripts, with no password, whose tokens the manager makes. */
@Component({
  selector: 'ims-service-account-form',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatInputModule],
  template: `
    <form [formGroup]="form" (ngSubmit)="submit()" class="form-column" novalidate>
      <mat-form-field>
        <mat-label>Username</mat-label>
        <input matInput formControlName="username" autocomplete="off" data-testid="service-account-username" />
        <mat-error>{{ errorMessage(form.controls.username) }}</mat-error>
      </mat-form-field>
      <mat-form-field>
        <mat-label>Email (for notices about it)</mat-label>
        <input matInput type="email" formControlName="email" autocomplete="off" data-testid="service-account-email" />
        <mat-error>{{ errorMessage(form.controls.email) }}</mat-error>
      </mat-form-field>
      <label class="role">
        Role
        <select formControlName="role" data-testid="service-account-role">
          <option value="staff">staff</option>
          <option value="manager">manager</option>
        </select>
      </label>
      @if (error(); as error) {
        <p class="error-text" role="alert" data-testid="service-account-error">{{ error }}</p>
      }
      <button mat-stroked-button type="submit" [disabled]="submitting()" data-testid="service-account-create">
        Create service account
      </button>
    </form>
  `,
  styles: `
    .role {
      display: flex;
      flex-direction: column;
      gap: 4px;
      margin-bottom: 16px;
    }
    select,
    button {
      min-height: 44px;
    }
  `,
})
export class ServiceAccountForm {
  private readonly api = inject(ApiClient);
  readonly created = output<PositionedUser>();
  protected readonly errorMessage = errorMessage;
  protected readonly submitting = signal(false);
  protected readonly error = signal<string | null>(null);
  private readonly formDirective = viewChild.required(FormGroupDirective);

  protected readonly form = inject(NonNullableFormBuilder).group({
    username: ['', Validators.required],
    email: ['', [Validators.required, Validators.email]],
    role: new FormControl<Role>('staff', { nonNullable: true }),
  });

  protected submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.submitting.set(true);
    this.error.set(null);
    this.api.createUser({ ...this.form.getRawValue(), service: true }).subscribe({
      next: (user) => {
        this.submitting.set(false);
        this.formDirective().resetForm({ username: '', email: '', role: 'staff' });
        this.created.emit(user);
      },
      error: (error: unknown) => {
        this.submitting.set(false);
        this.error.set(applyProblem(this.form, toProblem(error)));
      },
    });
  }
}
