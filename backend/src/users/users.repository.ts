import { Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import type { Pool } from 'pg';
import { InjectPool, preparedStatements } from '../database';
import { USER_COLUMNS, type UserRow } from './user-view';

/** The user columns of the alias `u`, for queries that join another table. */
const JOINED_USER_COLUMNS = USER_COLUMNS.split(', ')
  .map((column) => `u.${column}`)
  .join(', ');

export interface LoginRecord {
  readonly user: UserRow;
  readonly passwordHash: string;
  readonly mustChange: boolean;
}

/** Reads the `users` read model and keeps the password hashes, which never enter the event log. */
@Injectable()
export class UsersRepository {
  constructor(@InjectPool() private readonly pool: Pool) {}

  async findById(id: string): Promise<UserRow | undefined> {
    const { rows } = await this.pool.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id]);
    return rows[0];
  }

  /** The active users of `ids`, by id. An id that is no UUID names nobody. */
  async findActiveByIds(ids: readonly string[]): Promise<Map<string, UserRow>> {
    const { rows } = await this.pool.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = ANY($1::uuid[]) AND active`, [
      ids.filter((id) => isUUID(id)),
    ]);
    return new Map(rows.map((row) => [row.id, row]));
  }

  /**
   * The active user of each live session of `sessionIds`, by session: one primary-key join per
   * query, shared by every request that arrives together (the check each signed-in request makes).
   */
  async findBySessions(sessionIds: readonly string[]): Promise<Map<string, UserRow>> {
    const { rows } = await preparedStatements(this.pool).query<UserRow & { session_id: string }>(
      `SELECT s.id AS session_id, ${JOINED_USER_COLUMNS}
         FROM auth_sessions s JOIN users u ON u.id = s.user_id
        WHERE s.id = ANY($1::uuid[]) AND s.revoked_at IS NULL AND u.active`,
      [sessionIds.filter((id) => isUUID(id))],
    );
    return new Map(rows.map(({ session_id: sessionId, ...user }) => [sessionId, user]));
  }

  async findForLogin(username: string): Promise<LoginRecord | undefined> {
    const { rows } = await this.pool.query<UserRow & { password_hash: string; must_change: boolean }>(
      `SELECT ${JOINED_USER_COLUMNS}, c.password_hash, c.must_change
         FROM users u JOIN user_credentials c ON c.user_id = u.id
        WHERE lower(u.username) = lower($1)`,
      [username],
    );
    const row = rows[0];
    if (!row) return undefined;
    const { password_hash: passwordHash, must_change: mustChange, ...user } = row;
    return { user, passwordHash, mustChange };
  }

  async list(): Promise<UserRow[]> {
    const { rows } = await this.pool.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users ORDER BY lower(username)`);
    return rows;
  }

  /** Which of the two is already taken, judged by the read model: a fast answer, not the guarantee (reservations are). */
  async taken(username: string, email: string): Promise<{ username: boolean; email: boolean }> {
    const { rows } = await this.pool.query<{ username: boolean; email: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM users WHERE lower(username) = lower($1)) AS username,
              EXISTS (SELECT 1 FROM users WHERE lower(email) = lower($2)) AS email`,
      [username, email],
    );
    return rows[0] ?? { username: false, email: false };
  }

  async countManagers(except?: string): Promise<number> {
    const { rows } = await this.pool.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM users WHERE role = 'manager' AND active AND id IS DISTINCT FROM $1`,
      [except ?? null],
    );
    return rows[0]?.count ?? 0;
  }

  async findByEmail(email: string): Promise<UserRow | undefined> {
    const { rows } = await this.pool.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE lower(email) = lower($1)`, [email]);
    return rows[0];
  }

  async passwordHashOf(userId: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ password_hash: string }>('SELECT password_hash FROM user_credentials WHERE user_id = $1', [
      userId,
    ]);
    return rows[0]?.password_hash;
  }

  /** `mustChange`: the password is a temporary one, which only lets its user choose another. */
  async replaceCredential(userId: string, passwordHash: string, mustChange: boolean): Promise<void> {
    await this.pool.query('UPDATE user_credentials SET password_hash = $2, must_change = $3 WHERE user_id = $1', [
      userId,
      passwordHash,
      mustChange,
    ]);
  }

  async mustChangePassword(userId: string): Promise<boolean> {
    const { rows } = await this.pool.query<{ must_change: boolean }>('SELECT must_change FROM user_credentials WHERE user_id = $1', [
      userId,
    ]);
    return rows[0]?.must_change ?? false;
  }

  async saveCredential(userId: string, passwordHash: string): Promise<void> {
    await this.pool.query('INSERT INTO user_credentials (user_id, password_hash) VALUES ($1, $2)', [userId, passwordHash]);
  }

  async deleteCredential(userId: string): Promise<void> {
    await this.pool.query('DELETE FROM user_credentials WHERE user_id = $1', [userId]);
  }
}
