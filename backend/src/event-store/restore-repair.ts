import type { Pool } from 'pg';
import { renewEpoch } from './store-epoch';

/**
 * Transaction id given to history carried over from another cluster: below any id this cluster
 * will hand out, so restored events read first, in position order, and stay readable.
 */
const CARRIED_OVER = '3';

/** Rows whose transaction id this cluster has not reached yet: a logical dump restored into a fresh cluster. */
export async function countFutureEvents(pool: Pool): Promise<number> {
  const { rows } = await pool.query<{ count: number }>(
    `SELECT count(*) AS count FROM events WHERE transaction_id >= pg_snapshot_xmax(pg_current_snapshot())`,
  );
  return rows[0]?.count ?? 0;
}

export interface RepairProgress {
  readonly repaired: number;
  readonly remaining: number;
}

/**
 * Moves every restored event to the carried-over transaction id, in small committed batches in
 * position order (a long transaction would stall every reader), resumable after a crash. All of
 * them, not only those ahead of this cluster's counter: the rest would then read after younger
 * events of their own streams. Within a stream positions follow versions, so position order is a
 * true order of the restored history. Each consumer's checkpoint (x, p) becomes
 * (carried over, p'), p' being the last position before the first event it had not taken yet, so
 * no consumer skips an event; projections apply per stream version, so the few events between
 * p' and p are not applied twice. A crash after the last event ahead of the counter has moved
 * leaves only a tail of higher positions unmoved, which still reads after everything moved.
 */
export async function repairFutureTransactionIds(
  pool: Pool,
  onProgress: (progress: RepairProgress) => void = () => undefined,
  batchSize = 10_000,
): Promise<number> {
  if ((await countFutureEvents(pool)) === 0) return 0;
  const { rows } = await pool.query<{ count: number }>(`SELECT count(*) AS count FROM events WHERE transaction_id <> $1::xid8`, [
    CARRIED_OVER,
  ]);
  const total = rows[0]?.count ?? 0;
  await pool.query(
    `UPDATE checkpoints c
        SET transaction_id = $1::xid8,
            position = coalesce((SELECT min(e.position) - 1 FROM events e
                                  WHERE (e.transaction_id, e.position) > (c.transaction_id, c.position)), c.position),
            updated_at = now()
      WHERE c.transaction_id <> $1::xid8`,
    [CARRIED_OVER],
  );
  let repaired = 0;
  for (;;) {
    const client = await pool.connect();
    let moved: number;
    try {
      await client.query('BEGIN');
      await client.query(`SET LOCAL ims.repairing_restore = 'on'`);
      const result = await client.query(
        `UPDATE events SET transaction_id = $1::xid8
          WHERE position IN (SELECT position FROM events WHERE transaction_id <> $1::xid8 ORDER BY position LIMIT $2)`,
        [CARRIED_OVER, batchSize],
      );
      await client.query('COMMIT');
      moved = result.rowCount ?? 0;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    if (moved === 0) break;
    repaired += moved;
    onProgress({ repaired, remaining: Math.max(total - repaired, 0) });
  }
  await renewEpoch(pool, 'restored from a logical dump; transaction ids repaired');
  return repaired;
}
