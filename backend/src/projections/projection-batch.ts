import type { Pool, PoolClient } from 'pg';
import { nextRange } from '../event-store/next-range';
import type { Checkpoint } from '../event-store/stored-event';
import { changesPayload, CHANGES_CHANNEL } from './changes-channel';
import { inTransaction } from './in-transaction';
import type { EventRange, Projection, TableNames } from './projection';

export interface BatchTarget {
  readonly projection: Projection;
  /** The checkpoint row this batch moves. */
  readonly checkpoint: string;
  readonly tables: TableNames;
  readonly limit: number;
  /** Go no further than this point of the order (a replay stops at the live projection's checkpoint). */
  readonly upTo?: Checkpoint | undefined;
  /** Live batches NOTIFY and return their changes; replay batches stay silent. */
  readonly announce: boolean;
}

export interface BatchOutcome {
  /** Events the batch covered, inventory or not; 0 when there was nothing to do. */
  readonly processed: number;
  /** False when another process holds this checkpoint's lock: it is doing the work. */
  readonly acquired: boolean;
  readonly checkpoint: Checkpoint | undefined;
  readonly changes: readonly unknown[];
  /** The batch stopped at its limit. */
  readonly more: boolean;
  /** Committed events wait behind an older open transaction (see nextRange). */
  readonly heldBack: boolean;
}

/** The lock consumeNextBatch (event-store/checkpointed-batch.ts) takes for a consumer name. */
export const CONSUMER_LOCK = `hashtextextended('ims.consumer.' || $1, 0)`;

/**
 * One projection batch in one transaction: read models, checkpoint and NOTIFY commit together,
 * so a crash at any moment loses nothing and applies nothing twice, and the notification is only
 * delivered once the batch is visible. Replicas take turns through the checkpoint's advisory lock.
 *
 * Unlike consumeNextBatch it never ships the events to Node: it reads the end of the next range
 * and lets the projection's SQL read the events themselves, which is what makes a replay fast.
 */
export function projectNextBatch(pool: Pool, target: BatchTarget): Promise<BatchOutcome> {
  return inTransaction(pool, async (client) => {
    // Read models are derived: losing a batch's commit in a crash loses its checkpoint move with it,
    // so the batch is simply applied again from the durable log. Not waiting for the WAL flush takes a
    // flush off the path from a command to the browsers, and makes a replay much faster. Whatever
    // acted on the lost commit stands: the low-stock alert is named by the event that caused it, and a
    // client resumes by the log's positions.
    const { rows } = await client.query<{ acquired: boolean }>(
      `SELECT pg_try_advisory_xact_lock(${CONSUMER_LOCK}) AS acquired, set_config('synchronous_commit', 'off', true)`,
      [target.checkpoint],
    );
    if (!rows[0]?.acquired) return { processed: 0, acquired: false, checkpoint: undefined, changes: [], more: false, heldBack: false };
    return projectNextRange(client, target);
  });
}

/** The body of a batch, inside a transaction that holds the checkpoint's lock. */
export async function projectNextRange(client: PoolClient, target: BatchTarget): Promise<BatchOutcome> {
  const { after, end, heldBack } = await nextRange(client, target.checkpoint, target.limit, target.upTo);
  if (!end) return { processed: 0, acquired: true, checkpoint: after, changes: [], more: false, heldBack };
  const range: EventRange = { after, upTo: end.checkpoint };
  const changes = await target.projection.apply(range, client, target.tables, target.announce);
  // The checkpoint moves and, for a live batch, the NOTIFY is queued in one round trip.
  const notice = target.announce ? changesPayload({ projection: target.projection.name, upTo: end.checkpoint, events: end.count }) : null;
  await client.query(
    `WITH moved AS (
       UPDATE checkpoints SET transaction_id = $2::xid8, position = $3, updated_at = now() WHERE name = $1 RETURNING name)
     SELECT pg_notify($4, $5) FROM moved WHERE $5::text IS NOT NULL`,
    [target.checkpoint, end.checkpoint.transactionId, end.checkpoint.position, CHANGES_CHANNEL, notice],
  );
  return { processed: end.count, acquired: true, checkpoint: end.checkpoint, changes, more: end.count >= target.limit, heldBack };
}
