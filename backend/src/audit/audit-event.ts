import type { EventMetadata } from '../event-store';

/** One event as the audit log shows it: everything stored, the hash as hex. */
export interface AuditEvent {
  readonly position: number;
  readonly eventId: string;
  readonly streamId: string;
  readonly streamVersion: number;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: EventMetadata;
  readonly recordedAt: string;
  readonly hash: string;
  /** For a stock movement or transfer that was reversed: the position of the event correcting it; else null. */
  readonly reversedBy: number | null;
}

export interface AuditEventRow {
  position: number;
  event_id: string;
  stream_id: string;
  stream_version: number;
  type: string;
  data: unknown;
  metadata: EventMetadata;
  recorded_at: string;
  hash: string;
  reversed_by: number | null;
}

/**
 * The correction of a reversed movement, found through the history read model's index on what each
 * entry reverses (a movement is named by its movementId, a transfer by its transferId).
 */
const REVERSED_BY = `CASE WHEN events.type IN ('StockMoved', 'StockTransferred') THEN
  (SELECT h.position FROM read_item_history h
    WHERE h.reverses = coalesce(events.data->>'movementId', events.data->>'transferId')::uuid
    ORDER BY h.position LIMIT 1) END`;

/** recorded_at to the microsecond, as hashed: a JavaScript Date would keep only milliseconds. */
export const AUDIT_EVENT_COLUMNS = `position, event_id, stream_id, stream_version, type, data, metadata,
  to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS recorded_at, encode(hash, 'hex') AS hash,
  ${REVERSED_BY} AS reversed_by`;

export const toAuditEvent = (row: AuditEventRow): AuditEvent => ({
  position: row.position,
  eventId: row.event_id,
  streamId: row.stream_id,
  streamVersion: row.stream_version,
  type: row.type,
  data: row.data,
  metadata: row.metadata,
  recordedAt: row.recorded_at,
  hash: row.hash,
  reversedBy: row.reversed_by,
});
