import type { Pool, PoolClient } from 'pg';
import type { Checkpoint } from './stored-event';

/**
 * Events of alias `e` after the point (`transactionId`, `position`, given as SQL) that can be read
 * for good: from transactions older than the snapshot's xmin, which no open transaction can commit
 * an event in front of.
 */
export const readableAfter = (transactionId: string, position: string) =>
  `(e.transaction_id, e.position) > (${transactionId}, ${position}) AND e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())`;

export interface NextRange {
  /** The consumer's checkpoint: the range starts after it. */
  readonly after: Checkpoint;
  /** The last of the next events in gap-free order (the end of a transaction) and how many there are; undefined when none is readable. */
  readonly end: { readonly checkpoint: Checkpoint; readonly count: number } | undefined;
  /**
   * Committed events wait after `after` behind an older transaction still open: look again soon.
   * Otherwise nothing is there to read until the next append, whose NOTIFY says so.
   */
  readonly heldBack: boolean;
}

/**
 * The next `limit` events after the checkpoint row `name` that can be read for good: only
 * transactions older than the snapshot's xmin, which can no longer commit an event in front of
 * the ones read. The range runs on to the end of its last transaction, so a consumer applies a
 * transaction (a request on several streams, a group commit) whole or not at all, and no read
 * model ever shows one leg of it without the others. `upTo` caps the range (a replay stops at the
 * live projection's checkpoint). One round trip; the caller holds the checkpoint's lock, so the
 * row cannot move meanwhile.
 */
export async function nextRange(db: Pick<Pool | PoolClient, 'query'>, name: string, limit: number, upTo?: Checkpoint): Promise<NextRange> {
  const { rows } = await db.query<{
    after_transaction_id: string;
    after_position: number;
    transaction_id: string | null;
    position: number | null;
    count: number | null;
    held_back: boolean;
  }>(
    // The checkpoint enters as InitPlan values, never as a join: only so does the scan start at it in
    // the index. A checkpoint lies below the horizon it was read under, so whatever is held back lies
    // at or above the horizon, where that scan starts. The last event is found by the xid8 itself:
    // ordered as text, '999' came after '1000', and the next batch read again what this one took.
    `WITH page AS (
       SELECT e.transaction_id, e.position FROM events e
        WHERE ${readableAfter('(SELECT transaction_id FROM checkpoints WHERE name = $1)', '(SELECT position FROM checkpoints WHERE name = $1)')}
          AND ($3::xid8 IS NULL OR (e.transaction_id, e.position) <= ($3::xid8, $4::bigint))
        ORDER BY e.transaction_id, e.position
        LIMIT $2),
     last AS (
       SELECT transaction_id, position, count(*) OVER () AS count
         FROM page ORDER BY transaction_id DESC, position DESC LIMIT 1),
     rest AS (
       SELECT max(e.position) AS position, count(*) AS count FROM events e, last
        WHERE e.transaction_id = last.transaction_id AND e.position > last.position
          AND ($3::xid8 IS NULL OR (e.transaction_id, e.position) <= ($3::xid8, $4::bigint)))
     SELECT c.transaction_id::text AS after_transaction_id, c.position AS after_position,
            last.transaction_id::text AS transaction_id, coalesce(rest.position, last.position) AS position,
            last.count + rest.count AS count,
            EXISTS (SELECT 1 FROM events e
                     WHERE e.transaction_id >= pg_snapshot_xmin(pg_current_snapshot())
                       AND (e.transaction_id, e.position) > (c.transaction_id, c.position)
                       AND ($3::xid8 IS NULL OR (e.transaction_id, e.position) <= ($3::xid8, $4::bigint))) AS held_back
       FROM checkpoints c LEFT JOIN last ON true CROSS JOIN rest
      WHERE c.name = $1`,
    [name, limit, upTo?.transactionId ?? null, upTo?.position ?? null],
  );
  const row = rows[0];
  if (!row) throw new Error(`checkpoint ${name} does not exist`);
  const end =
    row.transaction_id === null || row.position === null
      ? undefined
      : { checkpoint: { transactionId: row.transaction_id, position: row.position }, count: Number(row.count) };
  return { after: { transactionId: row.after_transaction_id, position: row.after_position }, end, heldBack: row.held_back };
}
