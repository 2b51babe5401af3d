import { Injectable, Logger } from '@nestjs/common';
import { ROLES, type AuthUser, type Role } from '../access';
import { messageOf } from '../common';
import { FreshLookups } from '../database';
import { AccessLog } from './access-log';
import { ApiTokensRepository, type ApiTokenRow, type PresentedApiToken } from './api-tokens.repository';
import { UnknownUserError } from './domain/user';
import { ApiTokenForbiddenError, ApiTokenNotFoundError } from './user-errors';
import { toAuthUser } from './user-view';
import { UsersRepository } from './users.repository';

/** `lastUsedAt` is written at most this often per token and replica: a script's every request is no write. */
const TOUCH_MS = 60_000;

export interface ApiTokenRequest {
  readonly name: string;
  readonly role?: Role | undefined;
  readonly readOnly?: boolean | undefined;
  /** A zoned ISO 8601 date-time, read by PostgreSQL. */
  readonly expiresAt?: string | undefined;
  /** A service account's id: a manager makes the token for it. Absent: the token is the creator's. */
  readonly userId?: string | undefined;
}

/** A token as its owner sees it: never the secret, which only the creation's answer holds. */
export interface ApiTokenView {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly readOnly: boolean;
  readonly createdAt: string;
  readonly expiresAt: string | null;
  readonly lastUsedAt: string | null;
}

/** The lower of two roles: a token never does more than its user may. */
export const lowerRole = (a: Role, b: Role): Role => (ROLES.indexOf(a) >= ROLES.indexOf(b) ? a : b);

const toView = (row: ApiTokenRow): ApiTokenView => ({
  id: row.id,
  name: row.name,
  role: row.role,
  readOnly: row.readOnly,
  createdAt: row.createdAt.toISOString(),
  expiresAt: row.expiresAt?.toISOString() ?? null,
  lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
});

/**
 * Personal API tokens: made by a signed-in user for themselves, with a role no higher than theirs;
 * each creation and revocation is an access event on the owner's stream. A request with a token
 * reads it with its user (batched like the sessions' check), so revocation, expiry and deactivation
 * count at once on every replica.
 */
@Injectable()
export class ApiTokens {
  private readonly logger = new Logger(ApiTokens.name);
  private readonly bySecret: FreshLookups<PresentedApiToken>;
  private readonly byId: FreshLookups<PresentedApiToken>;
  private readonly touched = new Map<string, number>();

  constructor(
    private readonly tokens: ApiTokensRepository,
    private readonly users: UsersRepository,
    private readonly log: AccessLog,
  ) {
    this.bySecret = new FreshLookups((secrets) => this.tokens.findBySecrets(secrets));
    this.byId = new FreshLookups((ids) => this.tokens.findByIds(ids));
  }

  /** A new token of `creator` or, by a manager, of a service account, and its secret, answered once. */
  async create(creator: AuthUser, request: ApiTokenRequest): Promise<ApiTokenView & { token: string }> {
    const owner = await this.ownerFor(creator, request.userId);
    const role = request.role ?? lowerRole(creator.role, owner.role);
    if (lowerRole(role, creator.role) !== role) throw new ApiTokenForbiddenError(`A ${creator.role} cannot make a ${role} token`);
    if (lowerRole(role, owner.role) !== role)
      throw new ApiTokenForbiddenError(`${owner.username} is ${owner.role}: no ${role} token for it`);
    const { row, secret } = await this.tokens.create({
      userId: owner.id,
      name: request.name,
      role,
      readOnly: request.readOnly ?? false,
      expiresAt: request.expiresAt ?? null,
      createdBy: creator.id,
    });
    const view = toView(row);
    const { id: tokenId, name, readOnly, expiresAt } = view;
    await this.log.record(
      { type: 'ApiTokenCreated', data: { userId: owner.id, tokenId, name, role, readOnly, expiresAt } },
      owner.id,
      creator,
    );
    return { ...view, token: secret };
  }

  /** The tokens of `asking` or, for a manager, of the service account `userId`. */
  async list(asking: AuthUser, userId?: string): Promise<ApiTokenView[]> {
    return (await this.tokens.liveOf((await this.ownerFor(asking, userId)).id)).map(toView);
  }

  /**
   * Revokes the token `id` of `asking` or, for a manager, of any service account: refused from the
   * next request, its sockets closed on every replica.
   */
  async revoke(asking: AuthUser, id: string): Promise<void> {
    const revoked = await this.tokens.revoke(id, asking.id, asking.role === 'manager');
    if (!revoked) throw new ApiTokenNotFoundError();
    const { userId, name } = revoked;
    await this.log.record({ type: 'ApiTokenRevoked', data: { userId, tokenId: id, name } }, userId, asking);
  }

  /** Whose tokens `asking` means: their own, or a service account's, which only a manager handles. */
  private async ownerFor(asking: AuthUser, userId: string | undefined): Promise<AuthUser> {
    if (userId === undefined || userId === asking.id) return asking;
    if (asking.role !== 'manager') throw new ApiTokenForbiddenError('Only a manager handles the tokens of a service account');
    const user = await this.users.findById(userId);
    if (!user) throw new UnknownUserError(userId);
    if (!user.service) throw new ApiTokenForbiddenError(`${user.username} is no service account: only they handle their tokens`);
    if (!user.active) throw new ApiTokenForbiddenError(`${user.username} is deactivated: reactivate it first`);
    return toAuthUser(user);
  }

  /** The unrevoked token with this secret and its active user, as the database has them now; marks it used. */
  async presented(secret: string): Promise<PresentedApiToken | undefined> {
    const presented = await this.bySecret.load(secret);
    if (presented && !presented.expired) this.touch(presented.token.id);
    return presented;
  }

  /** The same by id, for a socket's re-check. */
  current(tokenId: string): Promise<PresentedApiToken | undefined> {
    return this.byId.load(tokenId);
  }

  private touch(tokenId: string): void {
    const now = Date.now();
    if (now - (this.touched.get(tokenId) ?? 0) < TOUCH_MS) return;
    for (const [id, at] of this.touched) if (now - at >= TOUCH_MS) this.touched.delete(id);
    this.touched.set(tokenId, now);
    this.tokens.touch(tokenId).catch((error: unknown) => this.logger.warn(`could not mark token ${tokenId} used: ${messageOf(error)}`));
  }
}
