import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { InjectPool } from '../database';

/** 256 random bits, URL-safe: the secret a reset link carries. */
const TOKEN_BYTES = 32;

const digest = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();

/** A live link's user, as far as setting its password needs. */
export interface ResetLinkHolder {
  readonly userId: string;
  readonly username: string;
}

/**
 * The emailed one-time links for setting a new password, kept as sha-256 hashes of their tokens.
 * A user has at most one: issuing replaces it, and a use, a password change or a deactivation drops it.
 */
@Injectable()
export class ResetLinksRepository {
  constructor(@InjectPool() private readonly pool: Pool) {}

  /** A new link's token for `userId`, valid for `seconds`; the user's earlier link stops working. */
  async issue(userId: string, seconds: number): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(TOKEN_BYTES).toString('base64url');
    const {
      rows: [row],
    } = await this.pool.query<{ expires_at: Date }>(
      `WITH dropped AS (DELETE FROM password_reset_links WHERE user_id = $1)
       INSERT INTO password_reset_links (token_hash, user_id, expires_at) VALUES ($2, $1, now() + make_interval(secs => $3))
       RETURNING expires_at`,
      [userId, digest(token), seconds],
    );
    if (!row) throw new Error('the reset link was not stored');
    return { token, expiresAt: row.expires_at };
  }

  /** Whose live, unexpired link `token` is, if an active user's; nothing is consumed. */
  async holderOf(token: string): Promise<ResetLinkHolder | undefined> {
    const { rows } = await this.pool.query<{ user_id: string; username: string }>(
      `SELECT l.user_id, u.username FROM password_reset_links l JOIN users u ON u.id = l.user_id
       WHERE l.token_hash = $1 AND l.expires_at > now() AND u.active`,
      [digest(token)],
    );
    const row = rows[0];
    return row && { userId: row.user_id, username: row.username };
  }

  /**
   * Uses the link: deletes it and sets the user's password in one statement, so of two concurrent
   * uses exactly one finds the row. Whether this use was the one.
   */
  async consume(token: string, userId: string, passwordHash: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `WITH used AS (
         DELETE FROM password_reset_links WHERE token_hash = $1 AND user_id = $2 AND expires_at > now() RETURNING user_id
       )
       UPDATE user_credentials c SET password_hash = $3, must_change = false FROM used WHERE c.user_id = used.user_id`,
      [digest(token), userId, passwordHash],
    );
    return rowCount === 1;
  }

  /** Ends the user's link, if any. */
  async dropAllOf(userId: string): Promise<void> {
    await this.pool.query('DELETE FROM password_reset_links WHERE user_id = $1', [userId]);
  }
}
