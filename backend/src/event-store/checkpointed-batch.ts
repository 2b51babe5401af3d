import type { Pool, PoolClient, QueryResult } from 'pg';
import { nextRangeWithLiterals, toNextRange, type NextRangeRow } from './next-range';
import { EVENT_COLUMNS, toStoredEvent, type Checkpoint, type EventRow, type StoredEvent } from './stored-event';

export type ApplyBatch = (events: readonly StoredEvent[], transaction: PoolClient) => Promise<void>;

export interface BatchResult {
  readonly processed: number;
  /** False when another process holds this consumer's lock; it is doing the work. */
  readonly acquired: boolean;
  readonly checkpoint: Checkpoint | undefined;
  /** The batch stopped at its limit. */
  readonly more: boolean;
  /** Committed events wait behind an older open transaction (see nextRange). */
  readonly heldBack: boolean;
}

/** The advisory lock of a consumer's checkpoint row, its name given as SQL: whoever holds it applies the next batch. */
export const consumerLock = (name: string) => `hashtextextended('ims.consumer.' || ${name}, 0)`;

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

export interface ConsumerBatch {
  /** The consumer's checkpoint row (and lock). */
  readonly name: string;
  /** Most events of the log one batch covers. */
  readonly limit: number;
  /** Only the events of streams whose id starts with this are read and applied; the checkpoint passes the others. */
  readonly streamPrefix: string;
  readonly apply: ApplyBatch;
}

/**
 * Reads the next batch after the consumer's checkpoint, applies it and moves the checkpoint in
 * the same transaction: a crash at any moment leaves both as they were, so nothing is lost and
 * nothing applied twice. A transaction-scoped advisory lock makes replicas take turns instead of
 * applying the same batch; it takes no transaction id, so it holds back no reader's horizon.
 * Only the consumer's own streams travel to Node, however much else the log holds.
 */
export async function consumeNextBatch(pool: Pool, batch: ConsumerBatch): Promise<BatchResult> {
  const client = await pool.connect();
  try {
    // What a consumer keeps is derived from the log: a commit lost in a crash loses its checkpoint
    // move with it and is applied again, so it need not wait for the WAL flush. One round trip opens
    // the transaction, takes the turn and reads the range; another moves the checkpoint and commits.
    const literal = (value: string) => client.escapeLiteral(value);
    const [, turn, next] = (await client.query(
      `BEGIN; SELECT pg_try_advisory_xact_lock(${consumerLock(literal(batch.name))}) AS acquired,
                     set_config('synchronous_commit', 'off', true);
       ${nextRangeWithLiterals(batch.name, batch.limit, undefined, literal)}`,
    )) as unknown as [QueryResult, QueryResult<{ acquired: boolean }>, QueryResult<NextRangeRow>];
    if (!turn.rows[0]?.acquired) {
      await client.query('ROLLBACK');
      return { processed: 0, acquired: false, checkpoint: undefined, more: false, heldBack: false };
    }
    const { after: checkpoint, end, heldBack } = toNextRange(batch.name, next.rows[0]);
    if (end) {
      const events = await readRange(client, { after: checkpoint, upTo: end.checkpoint }, batch.streamPrefix);
      if (events.length > 0) await batch.apply(events, client);
      await client.query(
        `UPDATE checkpoints SET transaction_id = ${literal(end.checkpoint.transactionId)}::xid8, position = ${literal(String(end.checkpoint.position))}::bigint,
                updated_at = now() WHERE name = ${literal(batch.name)}; COMMIT`,
      );
    } else {
      await client.query('COMMIT');
    }
    const processed = end?.count ?? 0;
    return { processed, acquired: true, checkpoint: end?.checkpoint ?? checkpoint, more: processed >= batch.limit, heldBack };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** The events of streams starting with `streamPrefix` in the range (both ends read under the horizon), in gap-free order. */
async function readRange(client: PoolClient, range: { after: Checkpoint; upTo: Checkpoint }, streamPrefix: string): Promise<StoredEvent[]> {
  const { rows } = await client.query<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM events
      WHERE (transaction_id, position) > ($1::xid8, $2::bigint) AND (transaction_id, position) <= ($3::xid8, $4::bigint)
        AND starts_with(stream_id, $5)
      ORDER BY transaction_id, position`,
    [range.after.transactionId, range.after.position, range.upTo.transactionId, range.upTo.position, streamPrefix],
  );
  return rows.map(toStoredEvent);
}
