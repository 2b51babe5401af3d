import { createSecretKey, type KeyObject } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { JwtService, type JwtVerifyOptions } from '@nestjs/jwt';
import { InjectSettings, type AppSettings } from '../config';
import { localSecret } from '../database';
import { API_TOKEN_PREFIX, ApiTokens, lowerRole, UsersService, type PresentedApiToken } from '../users';
import type { AuthUser, Credential, SignedInUser } from '../access';
import { NotAuthenticatedError } from './auth-errors';
import { VerifiedTokens } from './verified-tokens';

/** One algorithm, pinned on both sides: a token claiming `none` or any other algorithm is refused. */
export const TOKEN_ALGORITHMS: NonNullable<JwtVerifyOptions['algorithms']> = ['HS256'];
export const TOKEN_ISSUER = 'ims';
export const TOKEN_AUDIENCE = 'ims-api';

export interface AccessTokenPayload {
  readonly sub: string;
  /** The sign-in session the token was issued for: checked on every request, so ending it ends the token. */
  readonly sid?: string;
  /** Issued on a temporary password: the token may only change the password. */
  readonly pwc?: true;
  /** Always set by `issue`; jsonwebtoken checks it only when present, so `userFor` insists on it. */
  readonly exp?: number;
}

export interface IssuedToken {
  readonly accessToken: string;
  /** Seconds until the token expires. */
  readonly expiresIn: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

class MissingJwtSecretError extends Error {
  constructor() {
    super(
      'JWT_SECRET (or JWT_SECRET_FILE) is required when DATABASE_URL is set: it signs the access tokens, ' +
        'and every API replica must share it. Only the embedded default generates one under IMS_DATA_DIR.',
    );
    this.name = 'MissingJwtSecretError';
  }
}

/**
 * Issues and checks access tokens. The user behind a token is read from the database on each
 * request together with the token's session (one primary-key join, batched across requests): a
 * deactivated user, a revoked session or a password change ends the token at once, on every
 * replica, with no cache to invalidate. A personal API token (`ims_pat_…`) is another credential
 * kind, read the same way from its own table with the same `active` check.
 */
@Injectable()
export class AccessTokens implements OnModuleInit {
  private key: string | undefined;
  private keyObject: KeyObject | undefined;
  /** Tokens checked before, for the access guard (JwtStrategy) and the WebSocket's check alike. */
  readonly verified = new VerifiedTokens<AccessTokenPayload>();

  constructor(
    @InjectSettings() private readonly settings: AppSettings,
    private readonly jwt: JwtService,
    private readonly users: UsersService,
    private readonly apiTokens: ApiTokens,
  ) {}

  async onModuleInit(): Promise<void> {
    const { config, embedded } = this.settings;
    if (config.jwtSecret) this.key = config.jwtSecret;
    else if (embedded) this.key = await localSecret(config.dataDir, 'jwtSecret');
    else throw new MissingJwtSecretError();
  }

  get secret(): string {
    if (!this.key) throw new Error('AccessTokens used before the module was initialised');
    return this.key;
  }

  /**
   * The secret as a KeyObject made once: given the string, jsonwebtoken would rebuild a key on every
   * verification (a tenth of the API's CPU per request, measured with --cpu-prof; half a millisecond
   * per WebSocket sign-in).
   */
  get verificationKey(): KeyObject {
    this.keyObject ??= createSecretKey(Buffer.from(this.secret));
    return this.keyObject;
  }

  /** Lives ACCESS_TOKEN_SECONDS (15 minutes by default): a stolen token soon dies; the role is re-read on every request anyway. */
  async issue(user: AuthUser, sessionId: string, passwordChangeOnly: boolean): Promise<IssuedToken> {
    const expiresIn = this.settings.config.accessTokenSeconds;
    const payload: AccessTokenPayload = { sub: user.id, sid: sessionId, ...(passwordChangeOnly && { pwc: true }) };
    const accessToken = await this.jwt.signAsync(payload, {
      secret: this.secret,
      algorithm: 'HS256',
      expiresIn,
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
    });
    return { accessToken, expiresIn };
  }

  /**
   * An access token's or an API token's user as it is now, or NotAuthenticatedError: for the
   * WebSocket's `?token=` and the access guard's API tokens.
   */
  async verifyAccessToken(token: string): Promise<SignedInUser> {
    if (token.startsWith(API_TOKEN_PREFIX)) return this.apiTokenUser(await this.apiTokens.presented(token));
    return this.userFor(this.verified.get(token) ?? (await this.verifySignedToken(token)));
  }

  private async verifySignedToken(token: string): Promise<AccessTokenPayload> {
    const payload = await this.jwt
      .verifyAsync<AccessTokenPayload>(token, {
        // jsonwebtoken 9 takes a KeyObject; @nestjs/jwt's typings predate that.
        secret: this.verificationKey as unknown as Buffer,
        algorithms: TOKEN_ALGORITHMS,
        issuer: TOKEN_ISSUER,
        audience: TOKEN_AUDIENCE,
      })
      .catch((error: unknown) => {
        throw unauthorized(error);
      });
    this.verified.remember(token, payload);
    return payload;
  }

  /**
   * The signed-in user a verified payload names, as the database has it now: active, and in the
   * live session the token was issued for. A token that never expires names nobody.
   */
  async userFor(payload: AccessTokenPayload): Promise<SignedInUser> {
    if (typeof payload.exp !== 'number') throw new NotAuthenticatedError('The access token carries no expiry');
    const sessionId = typeof payload.sid === 'string' && UUID.test(payload.sid) ? payload.sid : undefined;
    const user = sessionId === undefined ? undefined : await this.users.findBySession(sessionId);
    if (sessionId === undefined || user?.id !== payload.sub)
      throw new NotAuthenticatedError('The access token names no current session; sign in again');
    return { ...user, credential: { kind: 'session', id: sessionId }, passwordChangeOnly: payload.pwc === true };
  }

  /** The credential's user as it is now, or undefined once it has ended: the sockets' re-check. */
  async current(credential: Credential): Promise<AuthUser | undefined> {
    if (credential.kind === 'session') return this.users.findBySession(credential.id);
    const presented = await this.apiTokens.current(credential.id);
    return presented && !presented.expired ? this.apiTokenUser(presented) : undefined;
  }

  private apiTokenUser(presented: PresentedApiToken | undefined): SignedInUser {
    if (!presented) throw new NotAuthenticatedError('The API token is unknown or revoked, or its user is deactivated');
    if (presented.expired) throw new NotAuthenticatedError('The API token has expired');
    const { token, user } = presented;
    return {
      ...user,
      role: lowerRole(token.role, user.role),
      credential: { kind: 'api-token', id: token.id, readOnly: token.readOnly, expiresAt: token.expiresAt?.getTime() ?? null },
      passwordChangeOnly: false,
    };
  }
}

export function unauthorized(reason: unknown): NotAuthenticatedError {
  const expired = reason instanceof Error && reason.name === 'TokenExpiredError';
  return new NotAuthenticatedError(expired ? 'The access token has expired; sign in again' : 'A valid access token is required');
}
