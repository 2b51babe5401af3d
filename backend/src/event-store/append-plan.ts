import type { StreamExpectation } from './append-errors';
import type {
  AppendOutcome,
  AppendRequest,
  IdempotencyRecord,
  MultiStreamAppendOutcome,
  MultiStreamAppendRequest,
  StreamAppend,
} from './append-request';
import type { NewEvent } from './stored-event';

/** One claim (a stream version, a key, a reserved value) as a string, to compare claims in sets. */
export const claimKey = (...parts: readonly (string | number)[]) => parts.join('\u0000');
export const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A single append is the one-stream case of a multi-stream one. */
export function asMultiStream({ idempotency, ...append }: AppendRequest): MultiStreamAppendRequest {
  return idempotency ? { streams: [append], idempotency } : { streams: [append] };
}

export function asSingleStream(outcome: MultiStreamAppendOutcome): AppendOutcome {
  if (outcome.status === 'replayed') return outcome;
  const [only] = outcome.streams;
  if (!only) throw new Error('a single-stream append was answered for no stream');
  return { status: 'appended', nextVersion: only.nextVersion, positions: only.positions };
}

/** Why the store cannot take the request as it is; undefined when it can. */
export function malformation(request: MultiStreamAppendRequest): string | undefined {
  if (request.streams.length === 0) return 'it names no stream';
  const seen = new Set<string>();
  for (const { streamId, expectedVersion } of request.streams) {
    if (seen.has(streamId)) return `stream ${streamId} appears twice`;
    seen.add(streamId);
    if (!Number.isInteger(expectedVersion) || expectedVersion < 0) return `stream ${streamId} expects version ${expectedVersion}`;
  }
  return undefined;
}

/** The stream versions one stream's events claim. */
export const versionClaims = ({ streamId, expectedVersion, events }: StreamAppend): string[] =>
  events.map((_, offset) => claimKey(streamId, expectedVersion + offset + 1));

/** One event of a batch, at the stream version it claims; `request` is the request's place in the batch. */
export interface PlannedRow {
  readonly request: number;
  readonly streamId: string;
  readonly version: number;
  readonly event: NewEvent;
}

/**
 * Every event of the requests in the order they are inserted: by stream, then version, whatever
 * the requests' order. Every writer inserts in this one order, so two transactions claiming the
 * same stream versions (A then B, against B then A) wait for each other in one direction and never
 * deadlock; and each event follows its stream predecessor, as the hash chain requires.
 */
export function plannedRows(requests: readonly MultiStreamAppendRequest[]): PlannedRow[] {
  return requests
    .flatMap((request, index) =>
      request.streams.flatMap(({ streamId, expectedVersion, events }) =>
        events.map((event, offset) => ({ request: index, streamId, version: expectedVersion + offset + 1, event })),
      ),
    )
    .sort((a, b) => byText(a.streamId, b.streamId) || a.version - b.version || a.request - b.request);
}

/** The requests' idempotency records in key order, the order every writer claims them in (as rows, see plannedRows). */
export function idempotencyRecords(requests: readonly MultiStreamAppendRequest[]): IdempotencyRecord[] {
  return requests
    .flatMap((request) => (request.idempotency ? [request.idempotency] : []))
    .sort((a, b) => byText(claimKey(a.scope, a.key), claimKey(b.scope, b.key)));
}

/**
 * The records' scopes, keys and request hashes, and their results as one JSON array, for an insert
 * into idempotency_keys that reads the results with `jsonb_array_elements`: as a jsonb[] parameter,
 * pg would escape every result's JSON text into an array literal (see PLANNED_EVENT_COLUMNS).
 */
export const idempotencyParameters = (records: readonly IdempotencyRecord[]) => [
  records.map((record) => record.scope),
  records.map((record) => record.key),
  records.map((record) => record.requestHash),
  JSON.stringify(records.map((record) => record.result ?? null)),
];

/** Where an append put each (stream, version) it wrote, from the rows its statement returned. */
export class StreamPositions {
  private readonly byStream = new Map<string, Map<number, number>>();

  constructor(rows: Iterable<readonly [streamId: string, version: number, position: number]>) {
    for (const [streamId, version, position] of rows) {
      let versions = this.byStream.get(streamId);
      if (versions === undefined) this.byStream.set(streamId, (versions = new Map<number, number>()));
      versions.set(version, position);
    }
  }

  at(streamId: string, version: number): number | undefined {
    return this.byStream.get(streamId)?.get(version);
  }
}

/** The answer to a request all of whose events were written, given the position of each (stream, version) written. */
export function appendedOutcome(request: MultiStreamAppendRequest, positions: StreamPositions): MultiStreamAppendOutcome {
  return {
    status: 'appended',
    streams: request.streams.map(({ streamId, expectedVersion, events }) => ({
      streamId,
      nextVersion: expectedVersion + events.length,
      positions: events.map((_, offset) => {
        const version = expectedVersion + offset + 1;
        const position = positions.at(streamId, version);
        if (position === undefined) throw new Error(`${streamId} version ${version} is missing from the append's answer`);
        return position;
      }),
    })),
  };
}

/**
 * The streams a conflict names, given the streams' heads (latest versions; absent: no event yet)
 * read after the append failed: those no longer at the expected version. Versions only grow, so a
 * stream that moved is to blame; when none has moved since (the taker rolled back), all are named.
 */
export function streamsInConflict(request: MultiStreamAppendRequest, heads: ReadonlyMap<string, number>): StreamExpectation[] {
  const expectations = request.streams.map(({ streamId, expectedVersion }) => ({ streamId, expectedVersion }));
  const moved = expectations.filter(({ streamId, expectedVersion }) => (heads.get(streamId) ?? 0) !== expectedVersion);
  return moved.length > 0 ? moved : expectations;
}
