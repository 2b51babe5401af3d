import type { Pool } from 'pg';
import { inGapFreeRange, type Checkpoint } from '../event-store';

/** Events after `after`, up to and including `upTo` when given, in the gap-free order. */
export async function countEvents(pool: Pool, after: Checkpoint, upTo?: Checkpoint): Promise<number> {
  const from = { transactionId: '$1::xid8', position: '$2::bigint' };
  const { rows } = await pool.query<{ count: number }>(
    `SELECT count(*) AS count FROM events e
      WHERE ${upTo ? inGapFreeRange('e', from, { transactionId: '$3::xid8', position: '$4::bigint' }) : inGapFreeRange('e', from)}`,
    upTo ? [after.transactionId, after.position, upTo.transactionId, upTo.position] : [after.transactionId, after.position],
  );
  return rows[0]?.count ?? 0;
}
