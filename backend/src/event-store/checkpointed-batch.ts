import type { Pool, PoolClient } from 'pg';
import type { EventStore } from './event-store';
import type { Checkpoint, StoredEvent } from './stored-event';

export type ApplyBatch = (events: readonly StoredEvent[], transaction: PoolClient) => Promise<void>;

export interface BatchResult {
  readonly processed: number;
  /** False when another process holds this consumer's lock; it is doing the work. */
  readonly acquired: boolean;
  readonly checkpoint: Checkpoint | undefined;
}

export async function ensureCheckpoint(pool: Pool, name: string): Promise<void> {
  await pool.query('INSERT INTO checkpoints (name) VALUES ($1) ON CONFLICT DO NOTHING', [name]);
}

export async function readCheckpoint(db: Pick<Pool, 'query'>, name: string): Promise<Checkpoint | undefined> {
  const { rows } = await db.query<{ transaction_id: string; position: number }>(
    'SELECT transaction_id::text, position FROM checkpoints WHERE name = $1',
    [name],
  );
  const row = rows[0];
  return row && { transactionId: row.transaction_id, position: row.position };
}

/**
 * Reads the next batch after the consumer's checkpoint, applies it and moves the checkpoint in
 * the same transaction: a crash at any moment leaves both as they were, so nothing is lost and
 * nothing applied twice. A transaction-scoped advisory lock makes replicas take turns instead of
 * applying the same batch; it takes no transaction id, so it holds back no reader's horizon.
 */
export async function consumeNextBatch(
  pool: Pool,
  store: EventStore,
  name: string,
  limit: number,
  apply: ApplyBatch,
): Promise<BatchResult> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{ acquired: boolean }>(
      `SELECT pg_try_advisory_xact_lock(hashtextextended('ims.consumer.' || $1, 0)) AS acquired`,
      [name],
    );
    if (!rows[0]?.acquired) {
      await client.query('ROLLBACK');
      return { processed: 0, acquired: false, checkpoint: undefined };
    }
    const checkpoint = await readCheckpoint(client, name);
    if (!checkpoint) throw new Error(`consumer ${name} has no checkpoint row`);
    const page = await store.readAll(checkpoint, limit, client);
    if (page.events.length > 0) {
      await apply(page.events, client);
      await client.query(
        'UPDATE checkpoints SET transaction_id = $2::xid8, position = $3, updated_at = now() WHERE name = $1',
        [name, page.checkpoint.transactionId, page.checkpoint.position],
      );
    }
    await client.query('COMMIT');
    return { processed: page.events.length, acquired: true, checkpoint: page.checkpoint };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
