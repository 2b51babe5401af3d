import { ChangeDetectionStrategy, Component, OnInit, inject, signal, viewChild } from '@angular/core';
import { FormGroupDirective, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { Role, User } from '../../core/api/models';
import { AuthStore } from '../../core/auth/auth-store';
import { applyProblem, errorMessage, toProblem } from '../../shared/forms/problem-details';
import { UsersStore } from './users-store';

@Component({
  selector: 'ims-users-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatInputModule],
  providers: [UsersStore],
  templateUrl: './users-page.html',
  styleUrl: './users-page.scss',
})
export class UsersPage implements OnInit {
  protected readonly store = inject(UsersStore);
  protected readonly me = inject(AuthStore).user;
  protected readonly errorMessage = errorMessage;
  protected readonly submitting = signal(false);
  protected readonly formError = signal<string | null>(null);
  private readonly formDirective = viewChild.required(FormGroupDirective);

  protected readonly form = inject(NonNullableFormBuilder).group({
    username: ['', Validators.required],
    email: ['', [Validators.required, Validators.email]],
    password: ['', Validators.required],
    role: ['staff' as Role, Validators.required],
  });

  ngOnInit(): void {
    this.store.load();
  }

  protected changeRole(user: User, select: HTMLSelectElement): void {
    const role = select.value;
    if (role !== 'staff' && role !== 'manager') return;
    // On a refusal the select shows the role the server still has.
    this.store.changeRole(user, role).subscribe({ error: () => (select.value = user.role) });
  }

  protected create(): void {
    if (this.form.invalid || this.submitting()) {
      this.form.markAllAsTouched();
      return;
    }
    this.submitting.set(true);
    this.formError.set(null);
    this.store.create(this.form.getRawValue()).subscribe({
      next: () => {
        this.submitting.set(false);
        // The directive's reset also forgets the submission, so the emptied fields do not show errors.
        this.formDirective().resetForm();
      },
      error: (error: unknown) => {
        this.submitting.set(false);
        this.formError.set(applyProblem(this.form, toProblem(error)));
      },
    });
  }
}
