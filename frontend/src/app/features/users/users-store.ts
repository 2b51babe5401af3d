import { Injectable, inject, signal } from '@angular/core';
import { Observable, map, tap } from 'rxjs';
import { ApiClient } from '../../core/api/api-client';
import type { NewUser, Role, SignInSession, UserView } from '../../core/api/models';
import { toProblem } from '../../shared/forms/problem-details';
import { LoadState } from '../../shared/load-state';

@Injectable()
export class UsersStore {
  private readonly api = inject(ApiClient);

  readonly state = new LoadState();
  readonly users = signal<readonly UserView[]>([]);
  /** Why the last role change, activation, reset or revoke was refused. */
  readonly error = signal<string | null>(null);
  /** Where the last emailed reset link went. */
  readonly emailedTo = signal<string | null>(null);
  /** The user whose sessions are shown, and those sessions. */
  readonly sessionsOf = signal<UserView | null>(null);
  readonly sessionsState = new LoadState();
  readonly sessions = signal<readonly SignInSession[]>([]);

  load(): void {
    this.state.track(this.api.listUsers()).subscribe((users) => this.users.set(users));
  }

  create(user: NewUser): Observable<UserView> {
    return this.api.createUser(user).pipe(tap((created) => this.users.update((users) => [...users, created])));
  }

  changeRole(user: UserView, role: Role): Observable<UserView> {
    return this.replacing(this.api.changeRole(user.id, role));
  }

  /** Deactivating ends every session of the user at once; the user stays listed. */
  setActive(user: UserView, active: boolean): Observable<UserView> {
    return this.replacing(this.api.setActive(user.id, active));
  }

  /** The temporary password, to be shown once. */
  resetPassword(user: UserView): Observable<string> {
    this.error.set(null);
    return this.api.resetPassword(user.id).pipe(
      map(({ temporaryPassword }) => temporaryPassword),
      tap({ error: (error: unknown) => this.error.set(toProblem(error).detail) }),
    );
  }

  /** The user gets a one-time link by email; their password stays until they use it. */
  emailResetLink(user: UserView): Observable<string> {
    this.error.set(null);
    this.emailedTo.set(null);
    return this.api.emailResetLink(user.id).pipe(
      map(({ to }) => to),
      tap({ next: (to) => this.emailedTo.set(to), error: (error: unknown) => this.error.set(toProblem(error).detail) }),
    );
  }

  showSessions(user: UserView): void {
    this.sessionsOf.set(user);
    this.sessions.set([]);
    this.sessionsState.track(this.api.userSessions(user.id)).subscribe((sessions) => this.sessions.set(sessions));
  }

  revokeAllSessions(user: UserView): void {
    this.error.set(null);
    this.api.revokeUserSessions(user.id).subscribe({
      next: () => this.sessions.set([]),
      error: (error: unknown) => this.error.set(toProblem(error).detail),
    });
  }

  private replacing(change: Observable<UserView>): Observable<UserView> {
    this.error.set(null);
    return change.pipe(
      tap({
        next: (changed) => this.users.update((users) => users.map((row) => (row.id === changed.id ? changed : row))),
        error: (error: unknown) => this.error.set(toProblem(error).detail),
      }),
    );
  }
}
