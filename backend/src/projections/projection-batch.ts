import type { Pool, PoolClient } from 'pg';
import { readCheckpoint } from '../event-store/checkpointed-batch';
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
    const { rows } = await client.query<{ acquired: boolean }>(
      `SELECT pg_try_advisory_xact_lock(${CONSUMER_LOCK}) AS acquired`,
      [target.checkpoint],
    );
    if (!rows[0]?.acquired) return { processed: 0, acquired: false, checkpoint: undefined, changes: [] };
    // A silent batch is a rebuild's: losing its commit in a crash loses its checkpoint move with it,
    // so it is simply done again, and not waiting for the WAL flush makes a replay much faster.
    if (!target.announce) await client.query('SET LOCAL synchronous_commit = off');
    return projectNextRange(client, target);
  });
}

/** The body of a batch, inside a transaction that holds the checkpoint's lock. */
export async function projectNextRange(client: PoolClient, target: BatchTarget): Promise<BatchOutcome> {
  const after = await readCheckpoint(client, target.checkpoint);
  if (!after) throw new Error(`projection checkpoint ${target.checkpoint} does not exist`);
  const end = await nextRangeEnd(client, after, target.limit, target.upTo);
  if (!end) return { processed: 0, acquired: true, checkpoint: after, changes: [] };
  const range: EventRange = { after, upTo: end.checkpoint };
  const changes = await target.projection.apply(range, client, target.tables, target.announce);
  await client.query(
    'UPDATE checkpoints SET transaction_id = $2::xid8, position = $3, updated_at = now() WHERE name = $1',
    [target.checkpoint, end.checkpoint.transactionId, end.checkpoint.position],
  );
  if (target.announce) {
    await client.query('SELECT pg_notify($1, $2)', [
      CHANGES_CHANNEL,
      changesPayload({ projection: target.projection.name, upTo: end.checkpoint, events: end.count }),
    ]);
  }
  return { processed: end.count, acquired: true, checkpoint: end.checkpoint, changes };
}

/**
 * The last of the next `limit` events in gap-free order: only transactions older than the
 * snapshot's xmin, which can no longer commit an event in front of the ones read.
 */
async function nextRangeEnd(
  client: PoolClient,
  after: Checkpoint,
  limit: number,
  upTo: Checkpoint | undefined,
): Promise<{ checkpoint: Checkpoint; count: number } | undefined> {
  const { rows } = await client.query<{ transaction_id: string; position: number; count: number }>(
    `WITH page AS (
       SELECT e.transaction_id, e.position FROM events e
        WHERE (e.transaction_id, e.position) > ($1::xid8, $2::bigint)
          AND e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
          AND ($4::xid8 IS NULL OR (e.transaction_id, e.position) <= ($4::xid8, $5::bigint))
        ORDER BY e.transaction_id, e.position
        LIMIT $3)
     SELECT transaction_id::text, position, count(*) OVER () AS count
       FROM page ORDER BY transaction_id DESC, position DESC LIMIT 1`,
    [after.transactionId, after.position, limit, upTo?.transactionId ?? null, upTo?.position ?? null],
  );
  const last = rows[0];
  return last && { checkpoint: { transactionId: last.transaction_id, position: last.position }, count: last.count };
}
