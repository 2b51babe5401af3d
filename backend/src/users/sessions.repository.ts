import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { InjectPool, inTransaction } from '../database';
import { judgeRefresh, type PresentedToken, type RefreshVerdict, type SessionLimits } from './session-rotation';

/** 256 random bits: guessing one is hopeless, so a plain SHA-256 of it is a safe thing to store. */
const newToken = () => randomBytes(32).toString('base64url');
const hashOf = (token: string) => createHash('sha256').update(token).digest();

type Rotated = Extract<RefreshVerdict, { kind: 'rotate' }> & { readonly token: string };
export type Rotation = Exclude<RefreshVerdict, { kind: 'rotate' }> | Rotated;

/**
 * Sessions (refresh-token families) and their tokens, kept only as hashes. Like the password hashes
 * they are secrets outside the event log, in tables every replica shares.
 */
@Injectable()
export class SessionsRepository {
  constructor(@InjectPool() private readonly pool: Pool) {}

  /** A new session of `userId` and its first refresh token; sessions past any limit are dropped on the way. */
  async start(userId: string, limits: SessionLimits): Promise<string> {
    await this.pool.query(`DELETE FROM auth_sessions WHERE created_at < now() - make_interval(secs => $1)`, [limits.maxSeconds]);
    const token = newToken();
    const sessionId = randomUUID();
    await this.pool.query(
      `WITH session AS (INSERT INTO auth_sessions (id, user_id) VALUES ($1, $2) RETURNING id)
       INSERT INTO refresh_tokens (token_hash, session_id) SELECT $3, id FROM session`,
      [sessionId, userId, hashOf(token)],
    );
    return token;
  }

  /** Trades `token` in for a new one of the same session, or ends the session when the token was traded in before. */
  async rotate(token: string, limits: SessionLimits): Promise<Rotation> {
    return inTransaction(this.pool, async (client) => {
      // Both rows locked: a second refresh with the same token waits, then sees it rotated.
      const { rows } = await client.query<PresentedToken>(
        `SELECT s.id AS "sessionId", s.user_id AS "userId", s.created_at AS "createdAt", s.last_used_at AS "lastUsedAt",
                s.revoked_at AS "revokedAt", t.rotated_at AS "rotatedAt", now() AS now
           FROM refresh_tokens t JOIN auth_sessions s ON s.id = t.session_id
          WHERE t.token_hash = $1
            FOR UPDATE`,
        [hashOf(token)],
      );
      const verdict = judgeRefresh(rows[0], limits);
      if (verdict.kind === 'reused') await revoke(client, 'id = $1', [verdict.sessionId], 'a rotated refresh token was used again');
      if (verdict.kind !== 'rotate') return verdict;
      const next = newToken();
      await client.query('UPDATE refresh_tokens SET rotated_at = now() WHERE token_hash = $1', [hashOf(token)]);
      await client.query('INSERT INTO refresh_tokens (token_hash, session_id) VALUES ($1, $2)', [hashOf(next), verdict.sessionId]);
      await client.query('UPDATE auth_sessions SET last_used_at = now() WHERE id = $1', [verdict.sessionId]);
      return { ...verdict, token: next };
    });
  }

  /** Ends the session `token` belongs to, whichever of its tokens it is. */
  async end(token: string, reason: string): Promise<void> {
    await revoke(this.pool, 'id = (SELECT session_id FROM refresh_tokens WHERE token_hash = $1)', [hashOf(token)], reason);
  }

  /** Ends every session of `userId` but the one `keep` (a refresh token of the caller) belongs to. */
  async endAllOf(userId: string, reason: string, keep?: string): Promise<void> {
    await revoke(
      this.pool,
      'user_id = $1 AND id IS DISTINCT FROM (SELECT session_id FROM refresh_tokens WHERE token_hash = $2)',
      [userId, keep === undefined ? null : hashOf(keep)],
      reason,
    );
  }
}

function revoke(runner: Pick<Pool, 'query'>, where: string, values: unknown[], reason: string) {
  return runner.query(
    `UPDATE auth_sessions SET revoked_at = now(), revoked_reason = $${values.length + 1} WHERE revoked_at IS NULL AND ${where}`,
    [...values, reason],
  );
}
