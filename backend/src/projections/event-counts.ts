import type { Pool } from 'pg';
import type { Checkpoint } from '../event-store';

/** Events after `after`, up to and including `upTo` when given, in the gap-free order. */
export async function countEvents(pool: Pool, after: Checkpoint, upTo?: Checkpoint): Promise<number> {
  const { rows } = await pool.query<{ count: number }>(
    `SELECT count(*) AS count FROM events
      WHERE (transaction_id, position) > ($1::xid8, $2::bigint)
        AND ($3::xid8 IS NULL OR (transaction_id, position) <= ($3::xid8, $4::bigint))`,
    [after.transactionId, after.position, upTo?.transactionId ?? null, upTo?.position ?? null],
  );
  return rows[0]?.count ?? 0;
}
