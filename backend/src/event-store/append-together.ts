import type { PoolClient } from 'pg';
import { preparedStatements } from '../database';
import type { MultiStreamAppendRequest, StreamAppend } from './append-request';
import { replayed, type AppendResult } from './append-batch';
import { VersionConflictError } from './append-errors';
import { EVENT_COLUMNS, eventsByStream, toStoredEvent, type EventRow } from './stored-event';
import { CHAINED_COLUMNS, chainedRows, eventIds, PLANNED_EVENT_COLUMNS, plannedEventParameters } from './chained-rows';
import {
  appendedOutcome,
  claimKey,
  idempotencyParameters,
  idempotencyRecords,
  plannedRows,
  StreamPositions,
  versionClaims,
} from './append-plan';

/** An append with events and no reservation to take or give back. */
const writesOnlyEvents = (append: StreamAppend) => append.events.length > 0 && !append.reserve?.length && !append.release?.length;

/**
 * Requests one statement can write together: none takes or gives back a reservation, and no two
 * claim the same stream version or the same idempotency key (the transactional batch sorts those out).
 */
export function canAppendTogether(requests: readonly MultiStreamAppendRequest[]): boolean {
  // A request names each stream once (malformation), so it cannot collide with itself.
  if (requests.length === 1) return requests[0]?.streams.every(writesOnlyEvents) ?? false;
  const versions = new Set<string>();
  const keys = new Set<string>();
  for (const request of requests) {
    for (const append of request.streams) {
      if (!writesOnlyEvents(append)) return false;
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
 * The most events of a stream a refusal brings (its writer reads the rest). The checks are scalar
 * subqueries and the read a LATERAL with a LIMIT so that no plan, generic ones included, can turn
 * them into joins that scan the events or keys tables: each is an index probe per stream.
 */
const MISSED_LIMIT = 1000;

/** The statement of appendTogether; its text is built once, so that naming it as a prepared statement costs a lookup. */
const APPEND_TOGETHER = `WITH stale AS MATERIALIZED (
     SELECT h.request, h.stream_id, h.expected FROM unnest($12::int[], $13::text[], $14::int[], $17::text[], $18::text[]) AS h(request, stream_id, expected, scope, key)
      WHERE (SELECT max(e.stream_version) FROM events e WHERE e.stream_id = h.stream_id) > h.expected
        AND (h.key IS NULL OR (SELECT k.key FROM idempotency_keys k WHERE k.scope = h.scope AND k.key = h.key) IS NULL)),
   claimed AS (
     INSERT INTO idempotency_keys (scope, key, request_hash, result)
     SELECT k.scope, k.key, k.request_hash, k.result
       FROM ROWS FROM (unnest($8::text[]), unnest($9::text[]), unnest($10::text[]), jsonb_array_elements($11::jsonb), unnest($15::int[]))
            AS k(scope, key, request_hash, result, request)
      WHERE k.request NOT IN (SELECT request FROM stale)
     ON CONFLICT DO NOTHING RETURNING scope, key),
   appended AS (
     INSERT INTO events (${CHAINED_COLUMNS}) ${chainedRows(`
       ROWS FROM (${PLANNED_EVENT_COLUMNS}, unnest($6::text[]), unnest($7::text[]), unnest($16::int[]), unnest($19::uuid[]))
            WITH ORDINALITY AS x(stream_id, stream_version, type, data, metadata, scope, key, request, event_id, n)
      WHERE x.request NOT IN (SELECT request FROM stale)
        AND (x.key IS NULL OR EXISTS (SELECT 1 FROM claimed c WHERE c.scope = x.scope AND c.key = x.key))`)}
     RETURNING stream_id, stream_version, position)
   SELECT (SELECT coalesce(json_agg(json_build_array(scope, key)), '[]') FROM claimed) AS claimed,
          (SELECT coalesce(json_agg(json_build_array(stream_id, stream_version, position)), '[]') FROM appended) AS appended,
          (SELECT coalesce(json_agg(json_build_array(request, stream_id)), '[]') FROM stale) AS stale,
          (SELECT coalesce(json_agg(m ORDER BY m.stream_id, m.stream_version), '[]')
             FROM (SELECT DISTINCT stream_id, expected FROM stale) s
            CROSS JOIN LATERAL (SELECT ${EVENT_COLUMNS} FROM events
                                 WHERE stream_id = s.stream_id AND stream_version > s.expected
                                 ORDER BY stream_version LIMIT ${MISSED_LIMIT}) m) AS missed`;

/**
 * Several requests in one statement, its own transaction: each request's idempotency key and
 * events, on all its streams, go in together or not at all. A request whose key is taken writes
 * nothing and is answered the first result. A request whose stream has moved past its expected
 * version (a writer in another process, committed), and whose key is not taken, writes nothing
 * either and is refused alone, with the events it missed: the statement checks each stream's head
 * by index before it writes, so one stale request does not undo the others, as it would if the
 * unique index found it, and its writer need not read the stream again (a command runner deciding
 * on a cached state, with replicas, meets this at every other command). A version taken by a writer still in
 * flight, or ahead of its stream (the hash chain's refusal), fails the whole statement, which the
 * caller sorts out request by request. One round trip where BEGIN, the writes and COMMIT take three or four.
 */
export async function appendTogether(client: PoolClient, requests: readonly MultiStreamAppendRequest[]): Promise<AppendResult[]> {
  const rows = plannedRows(requests);
  const keyOf = (row: { request: number }) => requests[row.request]?.idempotency;
  const keyed = idempotencyRecords(requests);
  const requestOf = new Map(requests.map((request, index) => [request.idempotency, index]));
  const expectations = requests.flatMap((request, index) => request.streams.map((append) => ({ request: index, ...append })));
  const { rows: answer } = await preparedStatements(client).query<{
    claimed: [string, string][];
    appended: [string, number, number][];
    stale: [number, string][];
    missed: (Omit<EventRow, 'recorded_at'> & { recorded_at: string })[];
  }>(APPEND_TOGETHER, [
    ...plannedEventParameters(rows),
    rows.map((row) => keyOf(row)?.scope ?? null),
    rows.map((row) => keyOf(row)?.key ?? null),
    ...idempotencyParameters(keyed),
    expectations.map((expectation) => expectation.request),
    expectations.map((expectation) => expectation.streamId),
    expectations.map((expectation) => expectation.expectedVersion),
    keyed.map((record) => requestOf.get(record)),
    rows.map((row) => row.request),
    expectations.map((expectation) => keyOf(expectation)?.scope ?? null),
    expectations.map((expectation) => keyOf(expectation)?.key ?? null),
    eventIds(rows),
  ]);
  const [written] = answer;
  if (!written) throw new Error('the append statement answered no row');
  const claimed = new Set(written.claimed.map(([scope, claimedKey]) => claimKey(scope, claimedKey)));
  const missed = eventsByStream(written.missed.map((row) => toStoredEvent({ ...row, recorded_at: new Date(row.recorded_at) })));
  const stale = new Map<number, Set<string>>();
  for (const [request, streamId] of written.stale) stale.set(request, (stale.get(request) ?? new Set()).add(streamId));
  // A request neither stale nor replayed had every event inserted, or the statement would have failed.
  const positions = new StreamPositions(written.appended);
  return Promise.all(
    requests.map(async (request, index): Promise<AppendResult> => {
      const moved = stale.get(index);
      if (moved) {
        const streams = request.streams.filter(({ streamId }) => moved.has(streamId));
        return {
          ok: false,
          error: new VersionConflictError(
            streams.map(({ streamId, expectedVersion }) => ({ streamId, expectedVersion })),
            new Map(streams.map(({ streamId }) => [streamId, missed.get(streamId) ?? []])),
          ),
        };
      }
      const record = request.idempotency;
      if (record && !claimed.has(claimKey(record.scope, record.key))) return replayed(client, record);
      return { ok: true, outcome: appendedOutcome(request, positions) };
    }),
  );
}
