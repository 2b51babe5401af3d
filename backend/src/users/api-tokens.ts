import { Injectable, Logger } from '@nestjs/common';
import { ROLES, type AuthUser, type Role } from '../access';
import { messageOf } from '../common';
import { FreshLookups } from '../database';
import { AccessLog } from './access-log';
import { ApiTokensRepository, type ApiTokenRow, type PresentedApiToken } from './api-tokens.repository';
import { ApiTokenForbiddenError, ApiTokenNotFoundError } from './user-errors';

/** `lastUsedAt` is written at most this often per token and replica: a script's every request is no write. */
const TOUCH_MS = 60_000;

export interface ApiTokenRequest {
  readonly name: string;
  readonly role?: Role | undefined;
  readonly readOnly?: boolean | undefined;
  /** A zoned ISO 8601 date-time, read by PostgreSQL. */
  readonly expiresAt?: string | undefined;
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
    private readonly log: AccessLog,
  ) {
    this.bySecret = new FreshLookups((secrets) => this.tokens.findBySecrets(secrets));
    this.byId = new FreshLookups((ids) => this.tokens.findByIds(ids));
  }

  /** A new token of `creator`, and its secret, answered once. */
  async create(creator: AuthUser, request: ApiTokenRequest): Promise<ApiTokenView & { token: string }> {
    const role = request.role ?? creator.role;
    if (lowerRole(role, creator.role) !== role) throw new ApiTokenForbiddenError(`A ${creator.role} cannot make a ${role} token`);
    const { row, secret } = await this.tokens.create({
      userId: creator.id,
      name: request.name,
      role,
      readOnly: request.readOnly ?? false,
      expiresAt: request.expiresAt ?? null,
      createdBy: creator.id,
    });
    const view = toView(row);
    const { id: tokenId, name, readOnly, expiresAt } = view;
    await this.log.record(
      { type: 'ApiTokenCreated', data: { userId: creator.id, tokenId, name, role, readOnly, expiresAt } },
      creator.id,
      creator,
    );
    return { ...view, token: secret };
  }

  async list(owner: AuthUser): Promise<ApiTokenView[]> {
    return (await this.tokens.liveOf(owner.id)).map(toView);
  }

  /** Revokes the token `id` of `owner`: refused from the next request, its sockets closed on every replica. */
  async revoke(owner: AuthUser, id: string): Promise<void> {
    const revoked = await this.tokens.revoke(owner.id, id);
    if (!revoked) throw new ApiTokenNotFoundError();
    await this.log.record({ type: 'ApiTokenRevoked', data: { userId: owner.id, tokenId: id, name: revoked.name } }, owner.id, owner);
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
