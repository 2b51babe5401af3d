import type { Pool, PoolClient } from 'pg';
import type { AppendOutcome, AppendRequest } from './append-request';
import { GroupCommit } from './group-commit';
import { EVENT_COLUMNS, toStoredEvent, type Checkpoint, type EventRow, type StoredEvent } from './stored-event';

export interface StoredIdempotency {
  readonly requestHash: string;
  readonly result: unknown;
}

export interface EventPage {
  readonly events: readonly StoredEvent[];
  /** Where to continue from; unchanged when the page is empty. */
  readonly checkpoint: Checkpoint;
}

type Queryable = Pick<Pool | PoolClient, 'query'>;

/** Append, read a stream, read everything in gap-free order. Infrastructure only: no domain here. */
export class EventStore {
  private readonly groupCommit: GroupCommit;

  constructor(private readonly pool: Pool) {
    this.groupCommit = new GroupCommit(pool);
  }

  append(request: AppendRequest): Promise<AppendOutcome> {
    return this.groupCommit.append(request);
  }

  async readStream(streamId: string, afterVersion = 0): Promise<StoredEvent[]> {
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = $1 AND stream_version > $2 ORDER BY stream_version`,
      [streamId, afterVersion],
    );
    return rows.map(toStoredEvent);
  }

  /**
   * Events after `checkpoint` in (transaction id, position) order, from transactions that have
   * all finished: anything younger than the snapshot's xmin may still commit with a smaller position,
   * so it waits for the next read instead of being skipped for ever.
   */
  async readAll(after: Checkpoint, limit: number, db: Queryable = this.pool): Promise<EventPage> {
    const { rows } = await db.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events
        WHERE (transaction_id, position) > ($1::xid8, $2::bigint)
          AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY transaction_id, position
        LIMIT $3`,
      [after.transactionId, after.position, limit],
    );
    const events = rows.map(toStoredEvent);
    const last = events.at(-1);
    return { events, checkpoint: last ? { transactionId: last.transactionId, position: last.position } : after };
  }

  async headPosition(): Promise<number> {
    const { rows } = await this.pool.query<{ head: number | null }>('SELECT max(position) AS head FROM events');
    return rows[0]?.head ?? 0;
  }

  async findIdempotency(scope: string, key: string): Promise<StoredIdempotency | undefined> {
    const { rows } = await this.pool.query<{ request_hash: string; result: unknown }>(
      'SELECT request_hash, result FROM idempotency_keys WHERE scope = $1 AND key = $2',
      [scope, key],
    );
    const row = rows[0];
    return row && { requestHash: row.request_hash, result: row.result };
  }
}
