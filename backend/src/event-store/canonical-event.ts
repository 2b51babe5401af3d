import { createHash } from 'node:crypto';

/**
 * The columns of an event the hash covers, as the text the database stores them as. Node renders
 * none of them itself: jsonb's text form (key order, spacing, numbers as written) and the
 * timestamp's microseconds come from the row, never from a function a role could replace.
 * Alias `e` is the event.
 */
export const CANONICAL_COLUMNS = `e.stream_id, e.stream_version, e.event_id::text AS event_id, e.type,
  e.data::text AS data, e.metadata::text AS metadata,
  (extract(epoch FROM e.recorded_at) * 1000000)::bigint::text AS recorded_at_us`;

export interface CanonicalRow {
  readonly stream_id: string;
  readonly stream_version: number;
  readonly event_id: string;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
  readonly recorded_at_us: string;
}

const SEPARATOR = '\x1f';

/**
 * The bytes an event's hash covers after its predecessor's hash: the fields joined by the unit
 * separator, in UTF-8. The single definition in Node of what ims_event_hash (migration 001)
 * computes; hash-chain.int.spec.ts holds the two equal on stored rows.
 */
function canonicalBytes(row: CanonicalRow): Buffer {
  return Buffer.from(
    [row.stream_id, String(row.stream_version), row.event_id, row.type, row.data, row.metadata, row.recorded_at_us].join(SEPARATOR),
    'utf8',
  );
}

/** sha256(previous hash ‖ canonical bytes); the first event of a stream has no previous hash. */
export function eventHash(previous: Buffer | null, row: CanonicalRow): Buffer {
  const hash = createHash('sha256');
  if (previous) hash.update(previous);
  return hash.update(canonicalBytes(row)).digest();
}
