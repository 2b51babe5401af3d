import { Injectable } from '@nestjs/common';
import { InjectSettings, type AppSettings } from '../config';
import type { SessionLimits, Rotation } from '../users';
import { SessionsRepository, UsersService } from '../users';
import { AccessTokens, type IssuedToken } from './access-tokens';
import type { AuthUser } from '../access';
import { NotAuthenticatedError } from './auth-errors';

export interface SignedIn extends IssuedToken {
  readonly user: AuthUser;
}

/** An answer to a sign-in or refresh, and the refresh token to set as the cookie beside it, if a new one. */
export interface SessionStep {
  readonly answer: SignedIn;
  readonly refresh?: { readonly token: string; readonly seconds: number };
}

const REFUSALS: Record<Exclude<Rotation['kind'], 'rotate' | 'just-rotated'>, string> = {
  unknown: 'There is no such session; sign in again',
  revoked: 'The session has ended; sign in again',
  expired: 'The session has expired; sign in again',
  reused: 'The refresh token was already used, so the session has been ended; sign in again',
};

/** Sign-in sessions: an access token for requests, and a rotating refresh token (the cookie) that renews it. */
@Injectable()
export class Sessions {
  private readonly limits: SessionLimits;

  constructor(
    @InjectSettings() settings: AppSettings,
    private readonly tokens: AccessTokens,
    private readonly store: SessionsRepository,
    private readonly users: UsersService,
  ) {
    this.limits = { idleSeconds: settings.config.sessionIdleSeconds, maxSeconds: settings.config.sessionMaxSeconds };
  }

  async signIn(username: string, password: string): Promise<SessionStep> {
    const user = await this.users.authenticate(username, password);
    if (!user) throw new NotAuthenticatedError('Wrong username or password');
    const token = await this.store.start(user.id, this.limits);
    return { answer: await this.answerFor(user), refresh: { token, seconds: this.limits.maxSeconds } };
  }

  async refresh(refreshToken: string | undefined): Promise<SessionStep> {
    if (!refreshToken) throw new NotAuthenticatedError('No session cookie; sign in');
    const rotation = await this.store.rotate(refreshToken, this.limits);
    if (rotation.kind !== 'rotate' && rotation.kind !== 'just-rotated') throw new NotAuthenticatedError(REFUSALS[rotation.kind]);
    const user = await this.users.find(rotation.userId);
    if (!user) throw new NotAuthenticatedError(REFUSALS.unknown);
    const answer = await this.answerFor(user);
    return rotation.kind === 'rotate' ? { answer, refresh: { token: rotation.token, seconds: rotation.secondsLeft } } : { answer };
  }

  async signOut(refreshToken: string | undefined): Promise<void> {
    if (refreshToken) await this.store.end(refreshToken, 'signed out');
  }

  private async answerFor(user: AuthUser): Promise<SignedIn> {
    return { ...(await this.tokens.issue(user)), user };
  }
}
