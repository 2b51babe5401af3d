import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { CANONICAL_COLUMNS, eventHash, type CanonicalRow } from './canonical-event';

/**
 * Where a walk of the log stands: the last event's position, how many events lie up to it, and
 * the log digest, sha256(previous digest ‖ event hash) over every event in position order. The
 * digest covers each event's place in the log, which the per-stream chain does not: a stream's
 * last event removed leaves its chain intact but changes every later digest.
 */
export interface ChainHead {
  readonly position: number;
  readonly events: number;
  /** Hex; empty before the first event. */
  readonly digest: string;
}

export const GENESIS: ChainHead = { position: 0, events: 0, digest: '' };

export interface ChainWalk {
  readonly head: ChainHead;
  readonly checked: number;
  readonly firstBadPosition?: number;
}

interface ChainRow extends CanonicalRow {
  readonly position: number;
  readonly hash: Buffer;
  readonly previous: Buffer | null;
}

const extendDigest = (digest: string, hash: Buffer): string =>
  createHash('sha256').update(Buffer.from(digest, 'hex')).update(hash).digest('hex');

/** The row's stored hash is the one its content and its stream predecessor's stored hash give. */
function intact(row: ChainRow): boolean {
  if (row.stream_version > 1 && row.previous === null) return false;
  return eventHash(row.previous, row).equals(row.hash);
}

/**
 * Recomputes, in Node, every event's hash after `from` up to position `upTo` (the end when
 * undefined) from its canonical bytes and its stream predecessor's hash, and extends the log
 * digest. A changed row breaks its own hash; a re-hashed row breaks its successor's; a removed
 * row leaves its successor without a predecessor. Nothing is asked of a database function, so
 * one replaced by a privileged role forges nothing. Read in position batches: no transaction
 * stays open and memory stays flat however long the log. Stops at the first broken event.
 */
export async function walkChain(
  pool: Pool,
  from: ChainHead,
  options: { upTo?: number | undefined; batchSize?: number } = {},
): Promise<ChainWalk> {
  const batchSize = options.batchSize ?? 5000;
  let head = from;
  let checked = 0;
  for (;;) {
    const { rows } = await pool.query<ChainRow>(
      `SELECT e.position, e.hash, p.hash AS previous, ${CANONICAL_COLUMNS}
         FROM events e
         LEFT JOIN events p ON p.stream_id = e.stream_id AND p.stream_version = e.stream_version - 1
        WHERE e.position > $1 AND ($2::bigint IS NULL OR e.position <= $2)
        ORDER BY e.position
        LIMIT $3`,
      [head.position, options.upTo ?? null, batchSize],
    );
    for (const row of rows) {
      checked += 1;
      if (!intact(row)) return { head, checked, firstBadPosition: row.position };
      head = { position: row.position, events: head.events + 1, digest: extendDigest(head.digest, row.hash) };
    }
    if (rows.length < batchSize) return { head, checked };
  }
}
