import { Injectable, type ExecutionContext } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Pool } from 'pg';
import { ProblemException } from '../common';
import { InjectPool } from '../database';

/** At most `limit` attempts under one key per window of `windowSeconds`; the window starts with its first attempt. */
export interface AttemptLimit {
  readonly key: string;
  readonly limit: number;
  readonly windowSeconds: number;
}

/**
 * Counters of attempts in fixed windows, kept in PostgreSQL: every API replica counts into the
 * same rows, and a restart forgets nothing. Behind a proxy, TRUST_PROXY must be set for the
 * request's address to be the client's.
 */
@Injectable()
export class AttemptCounter {
  constructor(@InjectPool() private readonly pool: Pool) {}

  /**
   * Counts one attempt under each key. Answers 0 when every key is within its limit, else the
   * seconds until the last of the exceeded windows ends.
   */
  async count(limits: readonly AttemptLimit[]): Promise<number> {
    await this.pool.query('DELETE FROM auth_attempts WHERE window_end < now()');
    const sorted = [...limits].sort((a, b) => a.key.localeCompare(b.key)); // one lock order for concurrent counts
    const { rows } = await this.pool.query<{ key: string; attempts: number; seconds_left: number }>(
      `INSERT INTO auth_attempts AS a (key, attempts, window_end)
       SELECT key, 1, now() + make_interval(secs => window_seconds)
         FROM unnest($1::text[], $2::int[]) AS l(key, window_seconds)
       ON CONFLICT (key) DO UPDATE
          SET attempts = CASE WHEN a.window_end > now() THEN a.attempts + 1 ELSE 1 END,
              window_end = CASE WHEN a.window_end > now() THEN a.window_end ELSE excluded.window_end END
       RETURNING key, attempts, extract(epoch FROM window_end - now())::float8 AS seconds_left`,
      [sorted.map((limit) => limit.key), sorted.map((limit) => limit.windowSeconds)],
    );
    const limitOf = new Map(limits.map((limit) => [limit.key, limit.limit]));
    const over = rows.filter((row) => row.attempts > (limitOf.get(row.key) ?? Infinity));
    return over.length === 0 ? 0 : Math.max(1, Math.ceil(Math.max(...over.map((row) => row.seconds_left))));
  }

  /** Takes back one attempt under each key: it turned out not to be the kind that is limited. */
  async uncount(keys: readonly string[]): Promise<void> {
    await this.pool.query('UPDATE auth_attempts SET attempts = attempts - 1 WHERE key = ANY($1) AND attempts > 0', [keys]);
  }

  async forget(keys: readonly string[]): Promise<void> {
    await this.pool.query('DELETE FROM auth_attempts WHERE key = ANY($1)', [keys]);
  }
}

/** The 429 problem, with `Retry-After` on the reply. */
export function rateLimited(context: ExecutionContext, seconds: number, what: string): ProblemException {
  context.switchToHttp().getResponse<FastifyReply>().header('Retry-After', String(seconds));
  return ProblemException.of('rate-limited', `Too many ${what}; try again in ${seconds} s`, { retryAfter: seconds });
}
