import { Injectable, computed, inject, signal } from '@angular/core';
import { Observable, finalize, map, shareReplay, switchMap, tap } from 'rxjs';
import { ApiClient } from '../api/api-client';
import type { Session, User } from '../api/models';

export const SESSION_KEY = 'ims.session';

function isSession(value: unknown): value is Session {
  const session = value as Partial<Session> | null;
  return typeof session?.accessToken === 'string' && typeof session.user?.username === 'string';
}

/**
 * A stored, well-formed session. Its access token may have expired: the session cookie renews it on
 * the first 401, and only if that fails is the user signed out.
 */
function restoreSession(storage: Storage): Session | null {
  try {
    const stored: unknown = JSON.parse(storage.getItem(SESSION_KEY) ?? 'null');
    return isSession(stored) ? stored : null;
  } catch {
    return null;
  }
}

/** Who is signed in. The session survives reloads in localStorage; everything else reads these signals. */
@Injectable({ providedIn: 'root' })
export class AuthStore {
  private readonly api = inject(ApiClient);
  private readonly session = signal<Session | null>(restoreSession(localStorage));
  private renewal: Observable<string> | null = null;

  readonly user = computed(() => this.session()?.user ?? null);
  readonly token = computed(() => this.session()?.accessToken ?? null);
  readonly signedIn = computed(() => this.session() !== null);
  readonly isManager = computed(() => this.session()?.user.role === 'manager');
  /** Signed in with a temporary password: nothing but choosing a new one is allowed until then. */
  readonly passwordChangeRequired = computed(() => this.session()?.passwordChangeRequired === true);

  signIn(username: string, password: string): Observable<User> {
    return this.api.login(username, password).pipe(
      tap((session) => this.keep(session)),
      map((session) => session.user),
    );
  }

  /** Registers a staff account and signs it in. */
  register(username: string, email: string, password: string): Observable<User> {
    return this.api.register(username, email, password).pipe(switchMap(() => this.signIn(username, password)));
  }

  /** Refreshes the user (a manager may have changed the role since the token was stored). */
  refreshUser(): Observable<User> {
    return this.api.me().pipe(
      tap((user) => {
        const session = this.session();
        if (session) this.keep({ ...session, user });
      }),
    );
  }

  /** A new access token from the session cookie; callers that ask while one is on its way share it. */
  renew(): Observable<string> {
    this.renewal ??= this.api.refresh().pipe(
      tap((session) => this.keep(session)),
      map((session) => session.accessToken),
      finalize(() => (this.renewal = null)),
      shareReplay(1),
    );
    return this.renewal;
  }

  /** Sets a new password (the server ends every other session), then renews this one's token: a temporary password's token was limited. */
  changePassword(currentPassword: string, newPassword: string): Observable<string> {
    return this.api.changePassword(currentPassword, newPassword).pipe(switchMap(() => this.renew()));
  }

  /** Forgets the session here and ends it on the server, so its refresh cookie renews nothing any more. */
  signOut(): void {
    localStorage.removeItem(SESSION_KEY);
    this.session.set(null);
    this.api.logout().subscribe({ error: () => undefined });
  }

  private keep(session: Session): void {
    localStorage.setItem(SESSION_KEY, JSON.stringify(session));
    this.session.set(session);
  }
}
