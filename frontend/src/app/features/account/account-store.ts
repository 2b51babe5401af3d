import { Injectable, inject, signal } from '@angular/core';
import { ApiClient } from '../../core/api/api-client';
import type { SignInSession } from '../../core/api/models';
import { toProblem } from '../../shared/forms/problem-details';
import { LoadState } from '../../shared/load-state';

/** The signed-in user's own sessions. */
@Injectable()
export class AccountStore {
  private readonly api = inject(ApiClient);

  readonly state = new LoadState();
  readonly sessions = signal<readonly SignInSession[]>([]);
  /** Why the last revoke was refused. */
  readonly error = signal<string | null>(null);

  load(): void {
    this.state.track(this.api.mySessions()).subscribe((sessions) => this.sessions.set(sessions));
  }

  revoke(session: SignInSession): void {
    this.error.set(null);
    this.api.revokeSession(session.id).subscribe({
      next: () => this.sessions.update((sessions) => sessions.filter((row) => row.id !== session.id)),
      error: (error: unknown) => this.error.set(toProblem(error).detail),
    });
  }
}
