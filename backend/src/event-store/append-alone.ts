import type { PoolClient } from 'pg';
import type { AppendRequest } from './append-request';
import { replayed, type Settled } from './append-batch';

/** A request that one statement can write: no reservations to take or give back. */
export const canAppendAlone = (request: AppendRequest): boolean =>
  request.events.length > 0 && !request.reserve?.length && !request.release?.length;

/**
 * One request in one statement, its own transaction: the idempotency key and the events go in
 * together or not at all. A taken key writes nothing and answers the first result; a taken
 * stream version fails the whole statement (unique violation, or the chain trigger's refusal for a
 * version with no predecessor), which the caller reports as a version conflict. One round trip
 * where BEGIN, the writes and COMMIT take three: what a lone command costs when nothing else is
 * committing at the same time.
 */
export async function appendAlone(client: PoolClient, request: AppendRequest): Promise<Settled> {
  const key = request.idempotency;
  const { rows } = await client.query<{ claimed: boolean; positions: number[] }>(
    `WITH claimed AS (
       INSERT INTO idempotency_keys (scope, key, request_hash, result)
       SELECT $6, $7, $8, $9::jsonb WHERE $6::text IS NOT NULL
       ON CONFLICT DO NOTHING RETURNING 1),
     appended AS (
       INSERT INTO events (stream_id, stream_version, type, data, metadata)
       SELECT $1, $2 + n, type, data, metadata
         FROM unnest($3::text[], $4::jsonb[], $5::jsonb[]) WITH ORDINALITY AS x(type, data, metadata, n)
        WHERE $6::text IS NULL OR EXISTS (SELECT 1 FROM claimed)
        ORDER BY n
       RETURNING position)
     SELECT $6::text IS NULL OR EXISTS (SELECT 1 FROM claimed) AS claimed,
            coalesce((SELECT array_agg(position ORDER BY position) FROM appended), '{}') AS positions`,
    [
      request.streamId,
      request.expectedVersion,
      request.events.map((event) => event.type),
      request.events.map((event) => JSON.stringify(event.data)),
      request.events.map((event) => JSON.stringify(event.metadata ?? {})),
      key?.scope ?? null,
      key?.key ?? null,
      key?.requestHash ?? null,
      key ? JSON.stringify(key.result ?? null) : null,
    ],
  );
  const row = rows[0]!;
  if (!row.claimed) return replayed(client, request);
  return {
    ok: true,
    outcome: { status: 'appended', nextVersion: request.expectedVersion + request.events.length, positions: row.positions.map(Number) },
  };
}
