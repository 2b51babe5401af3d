import { Injectable } from '@nestjs/common';
import { InjectSettings, type AppSettings } from '../config';
import type { SessionLimits, Rotation } from '../users';
import { AccessLog, SessionsRepository, UsersService } from '../users';
import { AccessTokens, type IssuedToken } from './access-tokens';
import { type AuthUser, authUserOf, type SignedInUser } from '../access';
import { NotAuthenticatedError } from './auth-errors';
import { browserName } from './browser-name';

export interface SignedIn extends IssuedToken {
  readonly user: AuthUser;
  /** Signed in with a temporary password: the access token may only change it (POST /api/auth/password). */
  readonly passwordChangeRequired: boolean;
}

/** An answer to a sign-in or refresh, and the refresh token to set as the cookie beside it, if a new one. */
export interface SessionStep {
  readonly answer: SignedIn;
  readonly refresh?: { readonly token: string; readonly seconds: number };
}

/** Where a request came from, as the request tells it. */
export interface ClientOrigin {
  readonly address: string;
  readonly userAgent: string | undefined;
}

/** A live session as its owner or a manager sees it. */
export interface SessionView {
  readonly id: string;
  readonly createdAt: string;
  readonly lastUsedAt: string;
  readonly address: string | null;
  readonly browser: string;
  /** The session the asking request was made in. */
  readonly current: boolean;
}

const REFUSALS: Record<Exclude<Rotation['kind'], 'rotate' | 'just-rotated'>, string> = {
  unknown: 'There is no such session; sign in again',
  revoked: 'The session has ended; sign in again',
  expired: 'The session has expired; sign in again',
  reused: 'The refresh token was already used, so the session has been ended; sign in again',
};

/** One answer for every refused sign-in, whatever the reason: a wrong password, a stranger, a deactivated user. */
const SIGN_IN_REFUSED = 'Wrong username or password';

/**
 * Sign-in sessions: an access token for requests, and a rotating refresh token (the cookie) that
 * renews it. Each sign-in, refused sign-in and sign-out is an access event in the log.
 */
@Injectable()
export class Sessions {
  private readonly limits: SessionLimits;

  constructor(
    @InjectSettings() settings: AppSettings,
    private readonly tokens: AccessTokens,
    private readonly store: SessionsRepository,
    private readonly users: UsersService,
    private readonly log: AccessLog,
  ) {
    this.limits = { idleSeconds: settings.config.sessionIdleSeconds, maxSeconds: settings.config.sessionMaxSeconds };
  }

  async signIn(username: string, password: string, origin: ClientOrigin): Promise<SessionStep> {
    const verdict = await this.users.authenticate(username, password);
    const seen = { address: origin.address, browser: browserName(origin.userAgent) };
    if (!verdict.ok) {
      const { userId, reason } = verdict;
      await this.log.record({ type: 'UserSignInFailed', data: { username, ...(userId && { userId }), reason, ...seen } }, userId);
      throw new NotAuthenticatedError(SIGN_IN_REFUSED);
    }
    const { user, mustChangePassword } = verdict;
    const { token, sessionId } = await this.store.start(user.id, this.limits, origin);
    await this.log.record({ type: 'UserSignedIn', data: { userId: user.id, username: user.username, sessionId, ...seen } }, user.id, user);
    return { answer: await this.answerFor(user, sessionId, mustChangePassword), refresh: { token, seconds: this.limits.maxSeconds } };
  }

  async refresh(refreshToken: string | undefined): Promise<SessionStep> {
    if (!refreshToken) throw new NotAuthenticatedError('No session cookie; sign in');
    const rotation = await this.store.rotate(refreshToken, this.limits);
    if (rotation.kind !== 'rotate' && rotation.kind !== 'just-rotated') throw new NotAuthenticatedError(REFUSALS[rotation.kind]);
    const user = await this.users.find(rotation.userId);
    if (!user) throw new NotAuthenticatedError(REFUSALS.unknown);
    const answer = await this.answerFor(user, rotation.sessionId, await this.users.mustChangePassword(user.id));
    return rotation.kind === 'rotate' ? { answer, refresh: { token: rotation.token, seconds: rotation.secondsLeft } } : { answer };
  }

  async signOut(refreshToken: string | undefined): Promise<void> {
    const ended = refreshToken === undefined ? undefined : await this.store.end(refreshToken, 'signed out');
    if (!ended) return;
    const user = await this.users.find(ended.userId);
    await this.log.record({ type: 'UserSignedOut', data: ended }, ended.userId, user);
  }

  /** The live sessions of `userId`; `current` marks the asking request's own. */
  async list(userId: string, asking: SignedInUser): Promise<SessionView[]> {
    return (await this.store.liveOf(userId, this.limits)).map((row) => ({
      id: row.id,
      createdAt: row.createdAt.toISOString(),
      lastUsedAt: row.lastUsedAt.toISOString(),
      address: row.address,
      browser: browserName(row.userAgent ?? undefined),
      current: row.id === asking.credential.id,
    }));
  }

  /** Ends one session of `userId`; false when it has no such live session. Its access tokens are refused from now on. */
  endOne(userId: string, sessionId: string, reason: string): Promise<boolean> {
    return this.store.endOne(userId, sessionId, reason);
  }

  endAll(userId: string, reason: string): Promise<void> {
    return this.store.endAllOf(userId, reason);
  }

  private async answerFor(user: AuthUser, sessionId: string, passwordChangeRequired: boolean): Promise<SignedIn> {
    return { ...(await this.tokens.issue(user, sessionId, passwordChangeRequired)), user: authUserOf(user), passwordChangeRequired };
  }
}
