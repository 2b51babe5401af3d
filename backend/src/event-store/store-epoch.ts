import type { Pool } from 'pg';
import type { Statements } from '../database';

export interface StoreEpoch {
  readonly epoch: string;
  readonly reason: string;
  readonly changedAt: Date;
}

/**
 * The store's epoch changes whenever its history may have been replaced (a restore), so a client
 * resuming from a position of an older epoch is told to refetch instead of trusting the position.
 */
export async function readEpoch(db: Statements): Promise<StoreEpoch> {
  const { rows } = await db.query<{ epoch: string; reason: string; changed_at: Date }>('SELECT epoch, reason, changed_at FROM store_epoch');
  const row = rows[0];
  if (!row) throw new Error('store_epoch is empty: the event store migration did not run');
  return { epoch: row.epoch, reason: row.reason, changedAt: row.changed_at };
}

export async function renewEpoch(pool: Pick<Pool, 'query'>, reason: string): Promise<StoreEpoch> {
  await pool.query('UPDATE store_epoch SET epoch = gen_random_uuid(), reason = $1, changed_at = now()', [reason]);
  return readEpoch(pool);
}

/**
 * The cluster's system identifier differs from the one recorded when the store last ran:
 * this database was restored (or copied) into another cluster. Needs a superuser or pg_monitor;
 * without the privilege the check is skipped.
 */
export async function noteCluster(pool: Pool): Promise<{ moved: boolean }> {
  const identifier = await pool.query<{ id: string }>('SELECT system_identifier::text AS id FROM pg_control_system()').then(
    (result) => result.rows[0]?.id,
    () => undefined,
  );
  if (identifier === undefined) return { moved: false };
  const { rows } = await pool.query<{ system_identifier: string | null }>('SELECT system_identifier FROM store_epoch');
  const known = rows[0]?.system_identifier ?? null;
  if (known === identifier) return { moved: false };
  await pool.query(
    known === null
      ? 'UPDATE store_epoch SET system_identifier = $1'
      : `UPDATE store_epoch SET system_identifier = $1, epoch = gen_random_uuid(), reason = 'restored into another cluster', changed_at = now()`,
    [identifier],
  );
  return { moved: known !== null };
}
