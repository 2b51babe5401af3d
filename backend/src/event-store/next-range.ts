import type { Pool, PoolClient } from 'pg';
import type { Checkpoint } from './stored-event';

/**
 * Events of alias `e` after the point (`transactionId`, `position`, given as SQL) that can be read
 * for good: from transactions older than the snapshot's xmin, which no open transaction can commit
 * an event in front of.
 */
export const readableAfter = (transactionId: string, position: string) =>
  `(e.transaction_id, e.position) > (${transactionId}, ${position}) AND e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())`;

/**
 * Events of `alias` after the point (`after`) up to and including `upTo` (when given) in the
 * gap-free order, the points' values given as SQL. The row comparisons pick the range out of the
 * transaction index, but the planner estimates each as a lone bound on the transaction id, so a
 * range in the middle of the log was costed at a quarter of it and, with a type filter, read by
 * scanning the whole log: 0.46 s a batch at 2,000,000 events. The same bounds on the transaction id
 * alone, which it estimates as one range, keep it on the index.
 */
const inGapFreeRange = (
  alias: string,
  after: { readonly transactionId: string; readonly position: string },
  upTo?: { readonly transactionId: string; readonly position: string },
) =>
  upTo
    ? `(${alias}.transaction_id, ${alias}.position) > (${after.transactionId}, ${after.position})
       AND (${alias}.transaction_id, ${alias}.position) <= (${upTo.transactionId}, ${upTo.position})
       AND ${alias}.transaction_id BETWEEN ${after.transactionId} AND ${upTo.transactionId}`
    : `(${alias}.transaction_id, ${alias}.position) > (${after.transactionId}, ${after.position})
       AND ${alias}.transaction_id >= ${after.transactionId}`;

const AFTER_PARAMETERS = { transactionId: '$1::xid8', position: '$2::bigint' };

/** Events of alias `e` after the point given as $1, $2 (transaction id, position). */
export const AFTER_PARAMETER_POINT = inGapFreeRange('e', AFTER_PARAMETERS);

/** Events of alias `e` after the point given as $1, $2 up to and including `upTo`, its values given as SQL. */
export const afterParameterPointUpTo = (upTo: { readonly transactionId: string; readonly position: string }) =>
  inGapFreeRange('e', AFTER_PARAMETERS, upTo);

/** Events of alias `e` after the point given as $1, $2 up to and including the one given as $3, $4. */
export const IN_PARAMETER_RANGE = afterParameterPointUpTo({ transactionId: '$3::xid8', position: '$4::bigint' });

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

/** The row nextRange's statement answers. */
export interface NextRangeRow {
  after_transaction_id: string;
  after_position: number;
  transaction_id: string | null;
  position: number | null;
  count: number | null;
  held_back: boolean;
}

/** nextRange's statement: the checkpoint's name, the limit and the cap (transaction id, position; NULL for none) as $1..$4. */
export const NEXT_RANGE = (() => {
  const capped = '($3::xid8 IS NULL OR (e.transaction_id, e.position) <= ($3::xid8, $4::bigint))';
  // The checkpoint enters as InitPlan values, never as a join: only so does the scan start at it in
  // the index. A checkpoint lies below the horizon it was read under, so whatever is held back lies
  // at or above the horizon, where that scan starts. The last event is found by the xid8 itself:
  // ordered as text, '999' came after '1000', and the next batch read again what this one took.
  // held_back is an ordered LIMIT 1, not EXISTS: without statistics (a new log) the planner guesses
  // a third of the log lies past the horizon and answered EXISTS by scanning all of it.
  return `WITH page AS (
       SELECT e.transaction_id, e.position FROM events e
        WHERE ${readableAfter(`(SELECT transaction_id FROM checkpoints WHERE name = $1)`, `(SELECT position FROM checkpoints WHERE name = $1)`)}
          AND ${capped}
        ORDER BY e.transaction_id, e.position
        LIMIT $2),
     last AS (
       SELECT transaction_id, position, count(*) OVER () AS count
         FROM page ORDER BY transaction_id DESC, position DESC LIMIT 1),
     rest AS (
       SELECT max(e.position) AS position, count(*) AS count FROM events e, last
        WHERE e.transaction_id = last.transaction_id AND e.position > last.position AND ${capped})
     SELECT c.transaction_id::text AS after_transaction_id, c.position AS after_position,
            last.transaction_id::text AS transaction_id, coalesce(rest.position, last.position) AS position,
            last.count + rest.count AS count,
            coalesce((SELECT true FROM events e
                       WHERE e.transaction_id >= pg_snapshot_xmin(pg_current_snapshot())
                         AND (e.transaction_id, e.position) > (c.transaction_id, c.position) AND ${capped}
                       ORDER BY e.transaction_id, e.position LIMIT 1), false) AS held_back
       FROM checkpoints c LEFT JOIN last ON true CROSS JOIN rest
      WHERE c.name = $1`;
})();

/**
 * The types of the events readable after the least of the checkpoints named by $1 (text[]), when
 * no more than $2 events are (NULL otherwise, and when a checkpoint is missing): every range taken
 * from those checkpoints, by a statement before this one in the same transaction, holds none but
 * these, since what is readable only grows. A live batch of several projections asks it last as it
 * opens, and leaves alone a projection that applies none of them.
 */
export const RANGE_TYPES = (() => {
  const least = (column: string) =>
    `(SELECT c.${column} FROM checkpoints c WHERE c.name = ANY($1) ORDER BY c.transaction_id, c.position LIMIT 1)`;
  return `SELECT CASE WHEN count(*) > $2 OR (SELECT count(*) FROM checkpoints c WHERE c.name = ANY($1)) < cardinality($1) THEN NULL
                      ELSE coalesce(array_agg(DISTINCT page.type), '{}') END AS types
            FROM (SELECT e.type FROM events e
                   WHERE ${readableAfter(least('transaction_id'), least('position'))}
                   ORDER BY e.transaction_id, e.position LIMIT $2 + 1) page`;
})();

/** What nextRange's statement answered for checkpoint `name`. */
export function toNextRange(name: string, row: NextRangeRow | undefined): NextRange {
  if (!row) throw new Error(`checkpoint ${name} does not exist`);
  const end =
    row.transaction_id === null || row.position === null
      ? undefined
      : { checkpoint: { transactionId: row.transaction_id, position: row.position }, count: Number(row.count) };
  return { after: { transactionId: row.after_transaction_id, position: row.after_position }, end, heldBack: row.held_back };
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
  const { rows } = await db.query<NextRangeRow>(NEXT_RANGE, [name, limit, upTo?.transactionId ?? null, upTo?.position ?? null]);
  return toNextRange(name, rows[0]);
}
