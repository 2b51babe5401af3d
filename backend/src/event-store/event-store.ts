import type { Pool } from 'pg';
import { FreshLookups, preparedStatements, type Statements } from '../database';
import { asMultiStream, asSingleStream, claimKey } from './append-plan';
import type { AppendOutcome, AppendRequest, MultiStreamAppendOutcome, MultiStreamAppendRequest } from './append-request';
import { GroupCommit } from './group-commit';
import { EVENT_COLUMNS, eventsByStream, toStoredEvent, type EventRow, type StoredEvent } from './stored-event';

export interface StoredIdempotency {
  readonly requestHash: string;
  readonly result: unknown;
}

/** Append to streams and read one; consumers read the whole log through nextRange. Infrastructure only: no domain here. */
export class EventStore {
  private readonly groupCommit: GroupCommit;
  /** Commands with keys arriving together share one lookup, as fresh as one of their own. */
  private readonly idempotency: FreshLookups<StoredIdempotency>;
  /**
   * The reads every command makes, prepared: PostgreSQL plans each once per connection. A plan it
   * keeps may have been made while the tables were small, so every read is written to be an index
   * probe per stream or key in any plan (a LATERAL fenced by OFFSET 0 cannot become a hash join
   * over a scan of the table).
   */
  private readonly statements: Statements;

  constructor(private readonly pool: Pool) {
    this.groupCommit = new GroupCommit(pool);
    this.statements = preparedStatements(pool);
    this.idempotency = new FreshLookups((ids) => this.findIdempotencies(ids));
  }

  append(request: AppendRequest): Promise<AppendOutcome> {
    return this.groupCommit.append(asMultiStream(request)).then(asSingleStream);
  }

  /**
   * Appends to several streams in one transaction, each at its own expected version: all or nothing.
   * A stream that moved rejects the whole request with a VersionConflictError naming it; decide again.
   */
  appendToStreams(request: MultiStreamAppendRequest): Promise<MultiStreamAppendOutcome> {
    return this.groupCommit.append(request);
  }

  async readStream(streamId: string, afterVersion = 0): Promise<StoredEvent[]> {
    const { rows } = await this.statements.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = $1 AND stream_version > $2 ORDER BY stream_version`,
      [streamId, afterVersion],
    );
    return rows.map(toStoredEvent);
  }

  /**
   * Several streams in one query, each from after its own version (`after`: stream id → version);
   * a stream without such events is absent from the map. One index probe per stream.
   */
  async readStreams(after: ReadonlyMap<string, number>): Promise<ReadonlyMap<string, StoredEvent[]>> {
    const { rows } = await this.statements.query<EventRow>(
      `SELECT e.* FROM unnest($1::text[], $2::int[]) AS wanted (sid, after_version)
        CROSS JOIN LATERAL (SELECT ${EVENT_COLUMNS} FROM events
                             WHERE stream_id = wanted.sid AND stream_version > wanted.after_version OFFSET 0) e
        ORDER BY e.stream_id, e.stream_version`,
      [[...after.keys()], [...after.values()]],
    );
    return eventsByStream(rows.map(toStoredEvent));
  }

  async headPosition(): Promise<number> {
    const { rows } = await this.pool.query<{ head: number | null }>('SELECT max(position) AS head FROM events');
    return rows[0]?.head ?? 0;
  }

  /** The global position of a stream's event at `version`; undefined when the stream is not that long. */
  async positionAt(streamId: string, version: number): Promise<number | undefined> {
    const { rows } = await this.pool.query<{ position: number }>(
      'SELECT position FROM events WHERE stream_id = $1 AND stream_version = $2',
      [streamId, version],
    );
    return rows[0]?.position;
  }

  /** The position of a stream's last event whose metadata holds every field of `metadata`; undefined when none does. */
  async lastPositionWith(streamId: string, metadata: Readonly<Record<string, string>>): Promise<number | undefined> {
    const { rows } = await this.pool.query<{ position: number }>(
      'SELECT position FROM events WHERE stream_id = $1 AND metadata @> $2::jsonb ORDER BY stream_version DESC LIMIT 1',
      [streamId, JSON.stringify(metadata)],
    );
    return rows[0]?.position;
  }

  /** Which stream holds each of these values of a kind (e.g. SKUs); a value nobody holds is absent. */
  async reservationHolders(kind: string, values: readonly string[]): Promise<ReadonlyMap<string, string>> {
    const { rows } = await this.pool.query<{ value: string; stream_id: string }>(
      'SELECT value, stream_id FROM reservations WHERE kind = $1 AND value = ANY($2::text[])',
      [kind, values],
    );
    return new Map(rows.map((row) => [row.value, row.stream_id]));
  }

  /** Every stream holding a value of a kind, e.g. every item by its SKU. */
  async reservationStreams(kind: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ stream_id: string }>('SELECT stream_id FROM reservations WHERE kind = $1 ORDER BY value', [
      kind,
    ]);
    return rows.map((row) => row.stream_id);
  }

  findIdempotency(scope: string, key: string): Promise<StoredIdempotency | undefined> {
    return this.idempotency.load(claimKey(scope, key));
  }

  private async findIdempotencies(ids: readonly string[]): Promise<ReadonlyMap<string, StoredIdempotency>> {
    const pairs = ids.map((id) => id.split('\u0000'));
    const { rows } = await this.statements.query<{ scope: string; key: string; request_hash: string; result: unknown }>(
      `SELECT k.* FROM unnest($1::text[], $2::text[]) AS wanted (scope, key)
        CROSS JOIN LATERAL (SELECT scope, key, request_hash, result FROM idempotency_keys
                             WHERE scope = wanted.scope AND key = wanted.key OFFSET 0) k`,
      [pairs.map(([scope]) => scope), pairs.map(([, key]) => key)],
    );
    return new Map(rows.map((row) => [claimKey(row.scope, row.key), { requestHash: row.request_hash, result: row.result }]));
  }
}
