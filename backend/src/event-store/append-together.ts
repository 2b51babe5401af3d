import type { PoolClient } from 'pg';
import { preparedStatements } from '../database';
import type { MultiStreamAppendRequest } from './append-request';
import { replayed, type AppendResult } from './append-batch';
import { CHAINED_COLUMNS, chainedRows } from './chained-rows';
import { appendedOutcome, claimKey, idempotencyRecords, plannedRows, versionClaims } from './append-plan';

/**
 * Requests one statement can write together: none takes or gives back a reservation, and no two
 * claim the same stream version or the same idempotency key (the transactional batch sorts those out).
 */
export function canAppendTogether(requests: readonly MultiStreamAppendRequest[]): boolean {
  const versions = new Set<string>();
  const keys = new Set<string>();
  for (const request of requests) {
    for (const append of request.streams) {
      if (append.events.length === 0 || append.reserve?.length || append.release?.length) return false;
      for (const claim of versionClaims(append)) {
        if (versions.has(claim)) return false;
        versions.add(claim);
      }
    }
    const record = request.idempotency;
    if (record) {
      if (keys.has(claimKey(record.scope, record.key))) return false;
      keys.add(claimKey(record.scope, record.key));
    }
  }
  return true;
}

/**
 * Several requests in one statement, its own transaction: each request's idempotency key and
 * events, on all its streams, go in together or not at all. A request whose key is taken writes
 * nothing and is answered the first result; a taken stream version fails the whole statement
 * (unique violation, or the hash chain's refusal of a version with no predecessor), which the
 * caller sorts out request by request. One round trip where BEGIN, the writes and COMMIT take three or four.
 */
export async function appendTogether(client: PoolClient, requests: readonly MultiStreamAppendRequest[]): Promise<AppendResult[]> {
  const rows = plannedRows(requests);
  const keyOf = (row: { request: number }) => requests[row.request]?.idempotency;
  const keyed = idempotencyRecords(requests);
  const { rows: answer } = await preparedStatements(client).query<{ claimed: [string, string][]; appended: [string, number, number][] }>(
    `WITH claimed AS (
       INSERT INTO idempotency_keys (scope, key, request_hash, result)
       SELECT * FROM unnest($8::text[], $9::text[], $10::text[], $11::jsonb[])
       ON CONFLICT DO NOTHING RETURNING scope, key),
     appended AS (
       INSERT INTO events (${CHAINED_COLUMNS}) ${chainedRows(`
         unnest($1::text[], $2::int[], $3::text[], $4::jsonb[], $5::jsonb[], $6::text[], $7::text[])
              WITH ORDINALITY AS x(stream_id, stream_version, type, data, metadata, scope, key, n)
        WHERE x.key IS NULL OR EXISTS (SELECT 1 FROM claimed c WHERE c.scope = x.scope AND c.key = x.key)`)}
       RETURNING stream_id, stream_version, position)
     SELECT (SELECT coalesce(json_agg(json_build_array(scope, key)), '[]') FROM claimed) AS claimed,
            (SELECT coalesce(json_agg(json_build_array(stream_id, stream_version, position)), '[]') FROM appended) AS appended`,
    [
      rows.map((row) => row.streamId),
      rows.map((row) => row.version),
      rows.map((row) => row.event.type),
      rows.map((row) => JSON.stringify(row.event.data)),
      rows.map((row) => JSON.stringify(row.event.metadata ?? {})),
      rows.map((row) => keyOf(row)?.scope ?? null),
      rows.map((row) => keyOf(row)?.key ?? null),
      keyed.map((record) => record.scope),
      keyed.map((record) => record.key),
      keyed.map((record) => record.requestHash),
      keyed.map((record) => JSON.stringify(record.result ?? null)),
    ],
  );
  const [written] = answer;
  if (!written) throw new Error('the append statement answered no row');
  const claimed = new Set(written.claimed.map(([scope, claimedKey]) => claimKey(scope, claimedKey)));
  // A request not replayed had every event inserted, or the statement would have failed.
  const positions = new Map(written.appended.map(([streamId, version, position]) => [claimKey(streamId, version), position]));
  return Promise.all(
    requests.map(async (request): Promise<AppendResult> => {
      const record = request.idempotency;
      if (record && !claimed.has(claimKey(record.scope, record.key))) return replayed(client, record);
      return { ok: true, outcome: appendedOutcome(request, positions) };
    }),
  );
}
