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

/** A live session as its owner sees it; `userAgent` is turned into a browser's name at the edge. */
export interface SessionRow {
  readonly id: string;
  readonly createdAt: Date;
  readonly lastUsedAt: Date;
  readonly address: string | null;
  readonly userAgent: string | null;
}

/** A session that was ended: whose and which, for the access log. */
export interface EndedSession {
  readonly userId: string;
  readonly sessionId: string;
}

const LIVE = `revoked_at IS NULL AND created_at > now() - make_interval(secs => $2) AND last_used_at > now() - make_interval(secs => $3)`;

/**
 * Sessions (refresh-token families) and their tokens, kept only as hashes. Like the password hashes
 * they are secrets outside the event log, in tables every replica shares.
 */
@Injectable()
export class SessionsRepository {
  constructor(@InjectPool() private readonly pool: Pool) {}

  /** A new session of `userId` and its first refresh token; sessions past any limit are dropped on the way. */
  async start(userId: string, limits: SessionLimits, origin: { address: string; userAgent: string | undefined }): Promise<NewSession> {
    await this.pool.query(`DELETE FROM auth_sessions WHERE created_at < now() - make_interval(secs => $1)`, [limits.maxSeconds]);
    const token = newToken();
    const sessionId = randomUUID();
    await this.pool.query(
      `WITH session AS (INSERT INTO auth_sessions (id, user_id, address, user_agent) VALUES ($1, $2, $4, $5) RETURNING id)
       INSERT INTO refresh_tokens (token_hash, session_id) SELECT $3, id FROM session`,
      [sessionId, userId, hashOf(token), origin.address, origin.userAgent?.slice(0, USER_AGENT_CHARACTERS) ?? null],
    );
    return { token, sessionId };
  }

  /** The sessions of `userId` that a refresh could still renew, most recently used first. */
  async liveOf(userId: string, limits: SessionLimits): Promise<SessionRow[]> {
    const { rows } = await this.pool.query<SessionRow>(
      `SELECT id, created_at AS "createdAt", last_used_at AS "lastUsedAt", address, user_agent AS "userAgent"
         FROM auth_sessions WHERE user_id = $1 AND ${LIVE} ORDER BY last_used_at DESC, created_at DESC`,
      [userId, limits.maxSeconds, limits.idleSeconds],
    );
    return rows;
  }

  /** Trades `token` in for a new one of the same session, or ends the session when the token was traded in before. */
  async rotate(token: string, limits: SessionLimits): Promise<Rotation> {
    return inTransaction(this.pool, async (client) => {
      // Both rows locked: a second refresh with the same token waits, then sees it rotated.
      const { rows } = await client.query<PresentedToken>(
        `SELECT s.id AS "sessionId", s.user_id AS "userId", s.created_at AS "createdAt", s.last_used_at AS "lastUsedAt",
                COALESCE(s.revoked_at, s.renewal_ended_at) AS "revokedAt", t.rotated_at AS "rotatedAt", now() AS now
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

  /** Ends the session `token` belongs to, whichever of its tokens it is; the session, if this ended it. */
  async end(token: string, reason: string): Promise<EndedSession | undefined> {
    const ended = await revoke(this.pool, 'id = (SELECT session_id FROM refresh_tokens WHERE token_hash = $1)', [hashOf(token)], reason);
    return ended[0];
  }

  /** Ends the session `sessionId` of `userId`; whether there was such a live session. */
  async endOne(userId: string, sessionId: string, reason: string): Promise<boolean> {
    return (await revoke(this.pool, 'user_id = $1 AND id = $2', [userId, sessionId], reason)).length > 0;
  }

  /**
   * Ends the renewal of every session of `userId` (a role change): no refresh from now on, while the
   * access tokens, which re-read the role on every request, live on to their expiry.
   */
  async endRenewalOf(userId: string, reason: string): Promise<void> {
    await this.pool.query(
      `UPDATE auth_sessions SET renewal_ended_at = now(), revoked_reason = $2
        WHERE user_id = $1 AND revoked_at IS NULL AND renewal_ended_at IS NULL`,
      [userId, reason],
    );
  }

  /** Ends every session of `userId` but `keep` (the caller's own session id), if given. */
  async endAllOf(userId: string, reason: string, keep?: string): Promise<void> {
    await revoke(this.pool, 'user_id = $1 AND id IS DISTINCT FROM $2::uuid', [userId, keep ?? null], reason);
  }
}

/** Where the database announces each session's end (payload: its id; migration 016). */
export const SESSIONS_ENDED_CHANNEL = 'ims_sessions_ended';

export interface NewSession {
  readonly token: string;
  readonly sessionId: string;
}

/** A user agent longer than this is cut: it is shown, never trusted. */
const USER_AGENT_CHARACTERS = 500;

async function revoke(runner: Pick<Pool, 'query'>, where: string, values: unknown[], reason: string): Promise<EndedSession[]> {
  const { rows } = await runner.query<EndedSession>(
    `UPDATE auth_sessions SET revoked_at = now(), revoked_reason = $${values.length + 1} WHERE revoked_at IS NULL AND ${where}
     RETURNING user_id AS "userId", id AS "sessionId"`,
    [...values, reason],
  );
  return rows;
}
