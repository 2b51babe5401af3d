import type { Pool, PoolClient } from 'pg';
import { readableAfter } from '../backend/src/event-store/next-range';
import { EVENT_COLUMNS, toStoredEvent, type Checkpoint, type EventRow, type StoredEvent } from '../backend/src/event-store/stored-event';

export interface LogPage {
  readonly events: readonly StoredEvent[];
  /** Where to continue from; unchanged when the page is empty. */
  readonly checkpoint: Checkpoint;
}

/** The next `limit` events after `after` in the order, and by the rule, every consumer reads the log. */
export async function readLog(db: Pick<Pool | PoolClient, 'query'>, after: Checkpoint, limit: number): Promise<LogPage> {
  const { rows } = await db.query<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM events e WHERE ${readableAfter('$1::xid8', '$2::bigint')} ORDER BY e.transaction_id, e.position LIMIT $3`,
    [after.transactionId, after.position, limit],
  );
  const events = rows.map(toStoredEvent);
  const last = events.at(-1);
  return { events, checkpoint: last ? { transactionId: last.transactionId, position: last.position } : after };
}
