import type { Pool } from 'pg';

export interface ChainVerdict {
  readonly ok: boolean;
  readonly checked: number;
  readonly firstBadPosition?: number;
  /** A digest over every stream's head hash: recorded outside the database, it also proves no tail was cut off. */
  readonly headDigest: string;
}

/**
 * Recomputes every event's hash from its content and its stream predecessor's hash.
 * A changed row breaks its own hash; a re-hashed row breaks its successor's; a removed row
 * leaves its successor without a predecessor. Read in position batches so that a long
 * check holds no transaction open.
 */
export async function verifyHashChain(pool: Pool, batchSize = 5000): Promise<ChainVerdict> {
  let after = 0;
  let checked = 0;
  for (;;) {
    const { rows } = await pool.query<{ position: number; intact: boolean }>(
      `SELECT e.position,
              (e.stream_version = 1 OR p.position IS NOT NULL)
              AND e.hash = ims_event_hash(p.hash, e.stream_id, e.stream_version, e.event_id,
                                          e.type, e.data, e.metadata, e.recorded_at) AS intact
         FROM events e
         LEFT JOIN events p ON p.stream_id = e.stream_id AND p.stream_version = e.stream_version - 1
        WHERE e.position > $1
        ORDER BY e.position
        LIMIT $2`,
      [after, batchSize],
    );
    const bad = rows.find((row) => !row.intact);
    if (bad) {
      checked += rows.indexOf(bad) + 1;
      return { ok: false, checked, firstBadPosition: bad.position, headDigest: await headDigest(pool) };
    }
    checked += rows.length;
    const last = rows.at(-1);
    if (!last) return { ok: true, checked, headDigest: await headDigest(pool) };
    after = last.position;
  }
}

async function headDigest(pool: Pool): Promise<string> {
  const { rows } = await pool.query<{ digest: string | null }>(
    `SELECT encode(sha256(string_agg(hash, ''::bytea ORDER BY stream_id)), 'hex') AS digest
       FROM (SELECT DISTINCT ON (stream_id) stream_id, hash FROM events ORDER BY stream_id, stream_version DESC) heads`,
  );
  return rows[0]?.digest ?? '';
}
