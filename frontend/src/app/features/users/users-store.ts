import { Injectable, inject, signal } from '@angular/core';
import { Observable, tap } from 'rxjs';
import { ApiClient } from '../../core/api/api-client';
import type { NewUser, Role, UserView } from '../../core/api/models';
import { toProblem } from '../../shared/forms/problem-details';
import { LoadState } from '../../shared/load-state';

@Injectable()
export class UsersStore {
  private readonly api = inject(ApiClient);

  readonly state = new LoadState();
  readonly users = signal<readonly UserView[]>([]);
  /** Why the last role change was refused. */
  readonly error = signal<string | null>(null);

  load(): void {
    this.state.track(this.api.listUsers()).subscribe((users) => this.users.set(users));
  }

  create(user: NewUser): Observable<UserView> {
    return this.api.createUser(user).pipe(tap((created) => this.users.update((users) => [...users, created])));
  }

  changeRole(user: UserView, role: Role): Observable<UserView> {
    this.error.set(null);
    return this.api.changeRole(user.id, role).pipe(
      tap({
        next: (changed) => this.users.update((users) => users.map((row) => (row.id === changed.id ? changed : row))),
        error: (error: unknown) => this.error.set(toProblem(error).detail),
      }),
    );
  }
}
