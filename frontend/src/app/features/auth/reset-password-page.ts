import { ChangeDetectionStrategy, Component, inject, input, signal, type OnInit } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators, type AbstractControl, type ValidationErrors } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
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
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  /** The `token` of the link's query. */
  readonly token = input<string>();
  /** The link's token, kept here once the address no longer shows it. */
  protected readonly linkToken = signal<string | undefined>(undefined);

  protected readonly errorMessage = errorMessage;
  protected readonly stage = signal<Stage>('choosing');
  protected readonly submitting = signal(false);
  protected readonly error = signal<string | null>(null);

  protected readonly form = inject(NonNullableFormBuilder).group({
    newPassword: ['', Validators.required],
    confirmation: ['', [Validators.required, sameAsNew]],
  });

  /**
   * The token stays in this page only: not in the address bar, the history, a bookmark or a
   * screenshot. Dropped by a navigation of the router's own (replacing this entry), since the router
   * writes the address when a navigation ends and would put back what a bare replaceState removed.
   */
  ngOnInit(): void {
    const token = this.token();
    if (!token) return;
    this.linkToken.set(token);
    void this.router.navigate([], { relativeTo: this.route, replaceUrl: true });
  }

  protected submit(): void {
    this.form.controls.confirmation.updateValueAndValidity();
    const token = this.linkToken();
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
