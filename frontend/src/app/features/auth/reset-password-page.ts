import { Location } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, input, signal, type OnInit } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators, type AbstractControl, type ValidationErrors } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { ApiClient } from '../../core/api/api-client';
import { applyProblem, errorMessage, toProblem } from '../../shared/forms/problem-details';

/** The server's answer to a used, replaced, expired or made-up link. */
const LINK_INVALID = '/problems/reset-link-invalid';

type Stage = 'choosing' | 'done' | 'link-invalid';

const sameAsNew = (control: AbstractControl): ValidationErrors | null =>
  control.parent && control.value !== control.parent.get('newPassword')?.value ? { mismatch: true } : null;

/** Where a manager's emailed link leads: choose a new password with the link's token, once, then sign in with it. */
@Component({
  selector: 'ims-reset-password-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, RouterLink, MatCardModule, MatFormFieldModule, MatInputModule, MatButtonModule],
  templateUrl: './reset-password-page.html',
  styleUrl: './auth-page.scss',
})
export class ResetPasswordPage implements OnInit {
  private readonly api = inject(ApiClient);
  private readonly location = inject(Location);
  /** The `token` of the link's query. */
  readonly token = input<string>();

  protected readonly errorMessage = errorMessage;
  protected readonly stage = signal<Stage>('choosing');
  protected readonly submitting = signal(false);
  protected readonly error = signal<string | null>(null);

  protected readonly form = inject(NonNullableFormBuilder).group({
    newPassword: ['', Validators.required],
    confirmation: ['', [Validators.required, sameAsNew]],
  });

  /** The token stays in this page only: not in the address bar, the history, a bookmark or a screenshot. */
  ngOnInit(): void {
    if (this.token()) this.location.replaceState(this.location.path().split('?')[0] ?? '/reset-password');
  }

  protected submit(): void {
    this.form.controls.confirmation.updateValueAndValidity();
    const token = this.token();
    if (this.form.invalid || this.submitting() || !token) {
      this.form.markAllAsTouched();
      return;
    }
    this.submitting.set(true);
    this.error.set(null);
    this.api.setPasswordWithLink(token, this.form.getRawValue().newPassword).subscribe({
      next: () => this.stage.set('done'),
      error: (error: unknown) => {
        this.submitting.set(false);
        const problem = toProblem(error);
        if (problem.type === LINK_INVALID) this.stage.set('link-invalid');
        else this.error.set(applyProblem(this.form, problem));
      },
    });
  }
}
