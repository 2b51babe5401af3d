import { Injectable, inject, signal } from '@angular/core';
import { Observable, tap } from 'rxjs';
import { ApiClient } from '../../core/api/api-client';
import type { NewUser, Role, User } from '../../core/api/models';
import { toProblem } from '../../shared/forms/problem-details';

@Injectable()
export class UsersStore {
  private readonly api = inject(ApiClient);

  readonly users = signal<readonly User[]>([]);
  readonly error = signal<string | null>(null);

  load(): void {
    this.api.listUsers().subscribe({
      next: (users) => this.users.set(users),
      error: (error: unknown) => this.error.set(toProblem(error).detail),
    });
  }

  create(user: NewUser): Observable<User> {
    return this.api.createUser(user).pipe(tap((created) => this.users.update((users) => [...users, created])));
  }

  changeRole(user: User, role: Role): Observable<User> {
    this.error.set(null);
    return this.api.changeRole(user.id, role).pipe(
      tap({
        next: (changed) => this.users.update((users) => users.map((row) => (row.id === changed.id ? changed : row))),
        error: (error: unknown) => this.error.set(toProblem(error).detail),
      }),
    );
  }
}
