import { setTimeout as sleep } from 'node:timers/promises';
import type { Pool, QueryResult } from 'pg';
import { singleRow } from '../database';

export class UnsettledLogError extends Error {
  constructor(waitedMs: number) {
    super(`a write to the event log has been in progress for over ${waitedMs} ms`);
    this.name = 'UnsettledLogError';
  }
}

export interface HorizonOptions {
  readonly timeoutMs: number;
  readonly pollMs: number;
}

const DEFAULTS: HorizonOptions = { timeoutMs: 5000, pollMs: 10 };

const WRITERS = `
  SELECT coalesce(array_agg(DISTINCT virtualtransaction), '{}') AS writers
    FROM pg_locks
   WHERE locktype = 'relation'
     AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
     AND relation = 'events'::regclass
     AND mode = 'RowExclusiveLock'
     AND granted
     AND pid <> pg_backend_pid()
     AND ($1::text[] IS NULL OR virtualtransaction = ANY ($1))`;

/**
 * The highest position below which the log can no longer change: every position up to it is either
 * visible or never will be. Positions are taken in one order but committed in another, so a reader
 * paging by position past an event whose transaction is still open would skip it for ever.
 *
 * Every position handed out so far was taken by a transaction holding a write lock on `events`
 * from before it took the position until it ends. So: read how far the sequence has gone, then wait
 * for the transactions that hold that lock now. Transactions starting later take higher positions.
 */
export async function settledHorizon(pool: Pool, options: Partial<HorizonOptions> = {}): Promise<number> {
  const { timeoutMs, pollMs } = { ...DEFAULTS, ...options };
  const { rows } = await pool.query<{ allocated: number }>(
    `SELECT coalesce(pg_sequence_last_value(pg_get_serial_sequence('events', 'position')::regclass), 0) AS allocated`,
  );
  const { allocated } = singleRow(rows);
  const started = performance.now();
  let writers: readonly string[] | null = null;
  for (;;) {
    const result: QueryResult<{ writers: string[] }> = await pool.query(WRITERS, [writers]);
    const still = singleRow(result.rows).writers;
    if (still.length === 0) return allocated;
    writers = still;
    if (performance.now() - started > timeoutMs) throw new UnsettledLogError(timeoutMs);
    await sleep(pollMs);
  }
}
