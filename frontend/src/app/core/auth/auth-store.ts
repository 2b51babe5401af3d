import { Injectable, computed, inject, signal } from '@angular/core';
import { Observable, map, switchMap, tap } from 'rxjs';
import { ApiClient } from '../api/api-client';
import type { Session, User } from '../api/models';

export const SESSION_KEY = 'ims.session';

/** The `exp` claim of a JWT in milliseconds, or undefined when the token carries none or is not a JWT. */
export function tokenExpiry(token: string): number | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown };
    return typeof claims.exp === 'number' ? claims.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

function isSession(value: unknown): value is Session {
  const session = value as Partial<Session> | null;
  return typeof session?.accessToken === 'string' && typeof session.user?.username === 'string';
}

/** A stored session that is still usable: well-formed and not expired. */
function restoreSession(storage: Storage, now: number): Session | null {
  try {
    const stored: unknown = JSON.parse(storage.getItem(SESSION_KEY) ?? 'null');
    if (!isSession(stored)) return null;
    const expiry = tokenExpiry(stored.accessToken);
    return expiry !== undefined && expiry <= now ? null : stored;
  } catch {
    return null;
  }
}

/** Who is signed in. The session survives reloads in localStorage; everything else reads these signals. */
@Injectable({ providedIn: 'root' })
export class AuthStore {
  private readonly api = inject(ApiClient);
  private readonly session = signal<Session | null>(restoreSession(localStorage, Date.now()));

  readonly user = computed(() => this.session()?.user ?? null);
  readonly token = computed(() => this.session()?.accessToken ?? null);
  readonly signedIn = computed(() => this.session() !== null);
  readonly isManager = computed(() => this.session()?.user.role === 'manager');

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

  signOut(): void {
    localStorage.removeItem(SESSION_KEY);
    this.session.set(null);
  }

  private keep(session: Session): void {
    localStorage.setItem(SESSION_KEY, JSON.stringify(session));
    this.session.set(session);
  }
}
