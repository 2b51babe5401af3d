import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import type { Pool } from 'pg';
import type { AuthUser, Role } from '../access';
import { InjectPool } from '../database';

/** What every API token starts with: recognisable in a leaked log or a secret scanner, and told apart from an access token. */
export const API_TOKEN_PREFIX = 'ims_pat_';

/** Where the database announces each token's revocation (payload: its id; migration 017). */
export const API_TOKENS_ENDED_CHANNEL = 'ims_api_tokens_ended';

/** 256 random bits after the prefix: guessing one is hopeless, so a plain SHA-256 of it is a safe thing to store. */
const newSecret = () => `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
const hashOf = (secret: string) => createHash('sha256').update(secret).digest('hex');

export interface NewApiToken {
  readonly userId: string;
  readonly name: string;
  readonly role: Role;
  readonly readOnly: boolean;
  readonly expiresAt: string | null;
  readonly createdBy: string;
}

export interface ApiTokenRow {
  readonly id: string;
  readonly userId: string;
  readonly name: string;
  readonly role: Role;
  readonly readOnly: boolean;
  readonly createdAt: Date;
  readonly expiresAt: Date | null;
  readonly lastUsedAt: Date | null;
}

/** A token presented with a request, its active user as the read model has it now, and whether it is past its expiry. */
export interface PresentedApiToken {
  readonly token: ApiTokenRow;
  readonly user: AuthUser;
  readonly expired: boolean;
}

const TOKEN_COLUMNS = `t.id, t.user_id AS "userId", t.name, t.role, t.read_only AS "readOnly", t.created_at AS "createdAt",
  t.expires_at AS "expiresAt", t.last_used_at AS "lastUsedAt"`;

/** The tokens, kept only as hashes: secrets outside the event log, in a table every replica shares. */
@Injectable()
export class ApiTokensRepository {
  constructor(@InjectPool() private readonly pool: Pool) {}

  /** A new token and its secret, which exists only in this answer. */
  async create(token: NewApiToken): Promise<{ row: ApiTokenRow; secret: string }> {
    const secret = newSecret();
    const { rows } = await this.pool.query<ApiTokenRow>(
      `INSERT INTO api_tokens AS t (id, user_id, name, role, read_only, token_hash, created_by, expires_at)
       VALUES ($1, $2, $3, $4, $5, decode($6, 'hex'), $7, $8) RETURNING ${TOKEN_COLUMNS}`,
      [randomUUID(), token.userId, token.name, token.role, token.readOnly, hashOf(secret), token.createdBy, token.expiresAt],
    );
    const row = rows[0];
    if (!row) throw new Error('INSERT … RETURNING answered no row');
    return { row, secret };
  }

  /** The unrevoked tokens of `userId`, newest first (expired ones too: their owner sees why a script stopped). */
  async liveOf(userId: string): Promise<ApiTokenRow[]> {
    const { rows } = await this.pool.query<ApiTokenRow>(
      `SELECT ${TOKEN_COLUMNS} FROM api_tokens t WHERE t.user_id = $1 AND t.revoked_at IS NULL ORDER BY t.created_at DESC, t.id`,
      [userId],
    );
    return rows;
  }

  /** Revokes the token `id` of `userId` or, if `orService`, of a service account; the token, if this revoked it. */
  async revoke(id: string, userId: string, orService: boolean): Promise<ApiTokenRow | undefined> {
    const { rows } = await this.pool.query<ApiTokenRow>(
      `UPDATE api_tokens t SET revoked_at = now()
        WHERE t.id = $1 AND t.revoked_at IS NULL
          AND (t.user_id = $2 OR ($3 AND EXISTS (SELECT 1 FROM users u WHERE u.id = t.user_id AND u.service)))
       RETURNING ${TOKEN_COLUMNS}`,
      [id, userId, orService],
    );
    return rows[0];
  }

  /** The unrevoked tokens with these secrets and their active users, by secret: the check of each request made with one. */
  async findBySecrets(secrets: readonly string[]): Promise<Map<string, PresentedApiToken>> {
    const bySecret = new Map(secrets.map((secret) => [hashOf(secret), secret]));
    const found = await this.find(`t.token_hash = ANY(SELECT decode(h, 'hex') FROM unnest($1::text[]) h)`, [...bySecret.keys()]);
    return new Map(found.flatMap(([hash, presented]) => (bySecret.has(hash) ? [[bySecret.get(hash) ?? '', presented]] : [])));
  }

  /** The same by token id: the sockets' re-check, which holds no secret. */
  async findByIds(ids: readonly string[]): Promise<Map<string, PresentedApiToken>> {
    const found = await this.find(
      't.id = ANY($1::uuid[])',
      ids.filter((id) => isUUID(id)),
    );
    return new Map(found.map(([, presented]) => [presented.token.id, presented]));
  }

  async touch(id: string): Promise<void> {
    await this.pool.query('UPDATE api_tokens SET last_used_at = now() WHERE id = $1', [id]);
  }

  private async find(where: string, values: readonly string[]): Promise<[hash: string, PresentedApiToken][]> {
    const { rows } = await this.pool.query<
      ApiTokenRow & { hash: string; expired: boolean; username: string; email: string; userRole: Role }
    >(
      `SELECT ${TOKEN_COLUMNS}, encode(t.token_hash, 'hex') AS hash, coalesce(t.expires_at <= now(), false) AS expired,
              u.username, u.email, u.role AS "userRole"
         FROM api_tokens t JOIN users u ON u.id = t.user_id
        WHERE ${where} AND t.revoked_at IS NULL AND u.active`,
      [values],
    );
    return rows.map(({ hash, expired, username, email, userRole, ...token }) => [
      hash,
      { token, user: { id: token.userId, username, email, role: userRole }, expired },
    ]);
  }
}
