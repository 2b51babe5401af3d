import type { Statements } from '../database';
import { IN_PARAMETER_RANGE, START, type Checkpoint } from '../event-store';

interface Row {
  transaction_id: string;
  position: number;
}

const checkpoint = (row: Row | undefined): Checkpoint | undefined => row && { transactionId: row.transaction_id, position: row.position };

/**
 * The last position of the transaction of `nth`'s event, going no further than `upTo` (SQL over
 * `nth`'s and `upTo`'s columns). A range that ends there holds a transaction whole, as the event
 * store's consumers' ranges do (nextRange): a socket never gets one leg of a transfer without the
 * other in the same delivery.
 */
const transactionEnd = (nth: string, upTo: string) =>
  `(SELECT max(t.position) FROM events t
     WHERE t.transaction_id = ${nth}.transaction_id AND (t.transaction_id, t.position) <= (${upTo}.transaction_id, ${upTo}.position))`;

/** The end of the next `limit` events after `from`, run on to the end of the last one's transaction, going no further than `upTo`. */
export async function nextRangeEnd(db: Statements, from: Checkpoint, upTo: Checkpoint, limit: number): Promise<Checkpoint> {
  const { rows } = await db.query<Row>(
    `WITH up_to AS (SELECT $3::xid8 AS transaction_id, $4::bigint AS position),
          nth AS (
            SELECT e.transaction_id, e.position FROM events e
             WHERE ${IN_PARAMETER_RANGE}
             ORDER BY e.transaction_id, e.position OFFSET $5 LIMIT 1)
     SELECT nth.transaction_id::text, ${transactionEnd('nth', 'up_to')} AS position FROM nth, up_to`,
    [from.transactionId, from.position, upTo.transactionId, upTo.position, limit - 1],
  );
  return checkpoint(rows[0]) ?? upTo;
}

/**
 * The point `count` events before `upTo`, moved on to the end of that event's transaction (memory
 * holds the messages after it, and so no transaction in part), or the start of the store when it holds fewer.
 */
export async function pointBefore(db: Statements, upTo: Checkpoint, count: number): Promise<Checkpoint> {
  const { rows } = await db.query<Row>(
    `WITH up_to AS (SELECT $1::xid8 AS transaction_id, $2::bigint AS position),
          nth AS (
            SELECT e.transaction_id, e.position FROM events e, up_to
             WHERE (e.transaction_id, e.position) <= (up_to.transaction_id, up_to.position)
             ORDER BY e.transaction_id DESC, e.position DESC OFFSET $3 LIMIT 1)
     SELECT nth.transaction_id::text, ${transactionEnd('nth', 'up_to')} AS position FROM nth, up_to`,
    [upTo.transactionId, upTo.position, count],
  );
  return checkpoint(rows[0]) ?? START;
}

/** Whether more than `limit` events lie after `from` up to `upTo`. */
export async function moreEventsThan(db: Statements, from: Checkpoint, upTo: Checkpoint, limit: number): Promise<boolean> {
  const { rows } = await db.query<{ count: number }>(
    `SELECT count(*)::int AS count FROM (
       SELECT 1 FROM events e WHERE ${IN_PARAMETER_RANGE} LIMIT $5) AS page`,
    [from.transactionId, from.position, upTo.transactionId, upTo.position, limit + 1],
  );
  return (rows[0]?.count ?? 0) > limit;
}

/** Where the event at `position` stands in the store's order; undefined when there is no such event. */
export async function checkpointAt(db: Statements, position: number): Promise<Checkpoint | undefined> {
  if (position === 0) return START;
  const { rows } = await db.query<Row>('SELECT transaction_id::text, position FROM events WHERE position = $1', [position]);
  return checkpoint(rows[0]);
}

export interface FeedState {
  readonly epoch: string;
  /** The least of the checkpoints: what every source has committed (the start when one is missing). */
  readonly frontier: Checkpoint;
  /** The end of the next range to read after `from`: the frontier, or the end of the `limit`-th event's transaction before it. */
  readonly next: Checkpoint;
}

/** The store's epoch, the least of `names`' checkpoints and the next range's end (a transaction's), in one round trip. */
export async function feedState(db: Statements, names: readonly string[], from: Checkpoint, limit: number): Promise<FeedState> {
  const { rows } = await db.query<{
    epoch: string;
    transaction_id: string | null;
    position: number | null;
    next_transaction_id: string | null;
    next_position: number | null;
  }>(
    `WITH wanted AS (SELECT DISTINCT unnest($1::text[]) AS name),
          frontier AS (
            SELECT c.transaction_id, c.position FROM wanted w LEFT JOIN checkpoints c ON c.name = w.name
             ORDER BY c.transaction_id NULLS FIRST, c.position LIMIT 1),
          capped AS (
            SELECT e.transaction_id, e.position FROM events e, frontier f
             WHERE (e.transaction_id, e.position) > ($2::xid8, $3::bigint)
               AND (e.transaction_id, e.position) <= (f.transaction_id, f.position)
             ORDER BY e.transaction_id, e.position OFFSET $4 LIMIT 1)
     SELECT s.epoch, f.transaction_id::text, f.position, c.transaction_id::text AS next_transaction_id,
            ${transactionEnd('c', 'f')} AS next_position
       FROM store_epoch s LEFT JOIN frontier f ON true LEFT JOIN capped c ON true`,
    [names, from.transactionId, from.position, limit - 1],
  );
  const row = rows[0];
  if (!row) throw new Error('store_epoch is empty: the event store migration did not run');
  const frontier =
    row.transaction_id === null || row.position === null ? START : { transactionId: row.transaction_id, position: row.position };
  const next =
    row.next_transaction_id === null || row.next_position === null
      ? frontier
      : { transactionId: row.next_transaction_id, position: row.next_position };
  return { epoch: row.epoch, frontier, next };
}
