import type { Pool } from 'pg';
import { AFTER_PARAMETER_POINT, IN_PARAMETER_RANGE, type Checkpoint } from '../event-store';

/** Events after `after`, up to and including `upTo` when given, in the gap-free order. */
export async function countEvents(pool: Pool, after: Checkpoint, upTo?: Checkpoint): Promise<number> {
  const { rows } = await pool.query<{ count: number }>(
    `SELECT count(*) AS count FROM events e
      WHERE ${upTo ? IN_PARAMETER_RANGE : AFTER_PARAMETER_POINT}`,
    upTo ? [after.transactionId, after.position, upTo.transactionId, upTo.position] : [after.transactionId, after.position],
  );
  return rows[0]?.count ?? 0;
}
