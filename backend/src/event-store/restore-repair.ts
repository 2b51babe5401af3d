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
 * p' and p are not applied twice.
 *
 * The moves are ims_repair_restore's (migration 007): the only way past the append-only trigger,
 * open to the events table's owner alone, and recorded in restore_repairs.
 */
export async function repairFutureTransactionIds(
  pool: Pick<Pool, 'query'>,
  onProgress: (progress: RepairProgress) => void = () => undefined,
  batchSize = 10_000,
): Promise<number> {
  const { rows } = await pool.query<{ count: number }>(`SELECT count(*) AS count FROM events WHERE transaction_id <> $1::xid8`, [
    CARRIED_OVER,
  ]);
  const total = rows[0]?.count ?? 0;
  let repaired = 0;
  for (;;) {
    const result = await pool.query<{ moved: number }>('SELECT ims_repair_restore($1) AS moved', [batchSize]);
    const moved = result.rows[0]?.moved ?? 0;
    if (moved === 0) break;
    repaired += moved;
    onProgress({ repaired, remaining: Math.max(total - repaired, 0) });
  }
  if (repaired > 0) await renewEpoch(pool, 'restored from a logical dump; transaction ids repaired');
  return repaired;
}
