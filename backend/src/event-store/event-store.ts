import type { Pool } from 'pg';
import type { AppendOutcome, AppendRequest } from './append-request';
import { GroupCommit } from './group-commit';
import { EVENT_COLUMNS, toStoredEvent, type EventRow, type StoredEvent } from './stored-event';

export interface StoredIdempotency {
  readonly requestHash: string;
  readonly result: unknown;
}

/** Append and read a stream; consumers read the whole log through nextRange. Infrastructure only: no domain here. */
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
