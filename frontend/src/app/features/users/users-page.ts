import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, OnInit, inject, signal, viewChild } from '@angular/core';
import { FormGroupDirective, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { filter, switchMap, tap } from 'rxjs';
import type { Role, UserView } from '../../core/api/models';
import { AuthStore } from '../../core/auth/auth-store';
import { applyProblem, errorMessage, toProblem } from '../../shared/forms/problem-details';
import { confirmAction } from '../../shared/ui/confirm-dialog';
import { ViewState } from '../../shared/ui/view-state';
import { SessionList } from '../account/session-list';
import { TemporaryPasswordDialog, type TemporaryPasswordData } from './temporary-password-dialog';
import { UsersStore } from './users-store';

const ROLE_NAMES: Record<Role, string> = { staff: 'a staff member', manager: 'a manager' };

/** "Deactivate alice?", saying what it does, with the button naming the action. */
export function activationQuestion(username: string, active: boolean): { question: string; action: string } {
  return active
    ? { question: `Reactivate ${username}? They can sign in again.`, action: 'Reactivate' }
    : {
        question: `Deactivate ${username}? They are signed out everywhere at once and cannot sign in; their history stays.`,
        action: 'Deactivate',
      };
}

/** "Make alice a manager?", with the button naming the new role. */
export function roleChangeQuestion(username: string, role: Role): { question: string; action: string } {
  return { question: `Make ${username} ${ROLE_NAMES[role]}?`, action: `Make ${role}` };
}

@Component({
  selector: 'ims-users-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, DatePipe, MatButtonModule, MatFormFieldModule, MatInputModule, ViewState, SessionList],
  providers: [UsersStore],
  templateUrl: './users-page.html',
  styleUrl: './users-page.scss',
})
export class UsersPage implements OnInit {
  protected readonly store = inject(UsersStore);
  protected readonly me = inject(AuthStore).user;
  private readonly dialog = inject(MatDialog);
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

  /** A role change ends the user's sessions, so it is asked first; until confirmed the select shows the role the server has. */
  protected changeRole(user: UserView, select: HTMLSelectElement): void {
    const role = select.value;
    if (role !== 'staff' && role !== 'manager') return;
    const { question, action } = roleChangeQuestion(user.username, role);
    const showServerRole = () => (select.value = user.role);
    confirmAction(this.dialog, question, action)
      .pipe(
        tap((yes) => yes || showServerRole()),
        filter(Boolean),
        switchMap(() => this.store.changeRole(user, role)),
      )
      .subscribe({ error: showServerRole });
  }

  protected setActive(user: UserView, active: boolean): void {
    const { question, action } = activationQuestion(user.username, active);
    confirmAction(this.dialog, question, action)
      .pipe(
        filter(Boolean),
        switchMap(() => this.store.setActive(user, active)),
      )
      .subscribe({ error: () => undefined });
  }

  /** Resetting ends the user's sessions, so it is asked first; the temporary password is then shown once. */
  protected resetPassword(user: UserView): void {
    confirmAction(this.dialog, `Reset the password of ${user.username}? They are signed out everywhere.`, 'Reset password')
      .pipe(
        filter(Boolean),
        switchMap(() => this.store.resetPassword(user)),
      )
      .subscribe({
        next: (temporaryPassword) =>
          this.dialog.open<TemporaryPasswordDialog, TemporaryPasswordData>(TemporaryPasswordDialog, {
            data: { username: user.username, temporaryPassword },
          }),
        error: () => undefined,
      });
  }

  /** Nothing changes until the user opens the link, so the question says so; where mail is not set up, the refusal says that. */
  protected emailResetLink(user: UserView): void {
    confirmAction(
      this.dialog,
      `Email ${user.username} a one-time link to set a new password? Their password stays until they use it.`,
      'Email link',
    )
      .pipe(
        filter(Boolean),
        switchMap(() => this.store.emailResetLink(user)),
      )
      .subscribe({ error: () => undefined });
  }

  protected revokeAll(user: UserView): void {
    confirmAction(this.dialog, `Sign ${user.username} out everywhere?`, 'Revoke all')
      .pipe(filter(Boolean))
      .subscribe(() => this.store.revokeAllSessions(user));
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
