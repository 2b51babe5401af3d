import type { Pool } from 'pg';
import { START, type Checkpoint } from '../event-store/stored-event';

type Db = Pick<Pool, 'query'>;
type Row = { transaction_id: string; position: number };

const checkpoint = (row: Row | undefined): Checkpoint | undefined =>
  row && { transactionId: row.transaction_id, position: row.position };

/** The end of the next `limit` events after `from`, going no further than `upTo`. */
export async function nextRangeEnd(db: Db, from: Checkpoint, upTo: Checkpoint, limit: number): Promise<Checkpoint> {
  const { rows } = await db.query<Row>(
    `SELECT transaction_id::text, position FROM events
      WHERE (transaction_id, position) > ($1::xid8, $2::bigint) AND (transaction_id, position) <= ($3::xid8, $4::bigint)
      ORDER BY transaction_id, position OFFSET $5 LIMIT 1`,
    [from.transactionId, from.position, upTo.transactionId, upTo.position, limit - 1],
  );
  return checkpoint(rows[0]) ?? upTo;
}

/** The point `count` events before `upTo`, or the start of the store when it holds fewer. */
export async function pointBefore(db: Db, upTo: Checkpoint, count: number): Promise<Checkpoint> {
  const { rows } = await db.query<Row>(
    `SELECT transaction_id::text, position FROM events
      WHERE (transaction_id, position) <= ($1::xid8, $2::bigint)
      ORDER BY transaction_id DESC, position DESC OFFSET $3 LIMIT 1`,
    [upTo.transactionId, upTo.position, count],
  );
  return checkpoint(rows[0]) ?? START;
}

/** Whether more than `limit` events lie after `from` up to `upTo`. */
export async function moreEventsThan(db: Db, from: Checkpoint, upTo: Checkpoint, limit: number): Promise<boolean> {
  const { rows } = await db.query<{ count: number }>(
    `SELECT count(*)::int AS count FROM (
       SELECT 1 FROM events
        WHERE (transaction_id, position) > ($1::xid8, $2::bigint) AND (transaction_id, position) <= ($3::xid8, $4::bigint)
        LIMIT $5) AS page`,
    [from.transactionId, from.position, upTo.transactionId, upTo.position, limit + 1],
  );
  return (rows[0]?.count ?? 0) > limit;
}

/** Where the event at `position` stands in the store's order; undefined when there is no such event. */
export async function checkpointAt(db: Db, position: number): Promise<Checkpoint | undefined> {
  if (position === 0) return START;
  const { rows } = await db.query<Row>('SELECT transaction_id::text, position FROM events WHERE position = $1', [position]);
  return checkpoint(rows[0]);
}

/** The store's epoch and the least of `names`' checkpoints (the start when one is missing). */
export async function feedState(db: Db, names: readonly string[]): Promise<{ epoch: string; frontier: Checkpoint }> {
  const { rows } = await db.query<{ epoch: string; name: string | null; transaction_id: string | null; position: number | null }>(
    `SELECT s.epoch, c.name, c.transaction_id::text, c.position
       FROM store_epoch s LEFT JOIN checkpoints c ON c.name = ANY($1::text[])
      ORDER BY c.transaction_id, c.position`,
    [names],
  );
  const epoch = rows[0]?.epoch;
  if (epoch === undefined) throw new Error('store_epoch is empty: the event store migration did not run');
  const found = rows.filter((row) => row.name !== null);
  const least = found[0];
  const frontier =
    least && found.length === new Set(names).size ? { transactionId: least.transaction_id!, position: least.position! } : START;
  return { epoch, frontier };
}
