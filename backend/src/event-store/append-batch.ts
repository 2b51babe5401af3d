import type { PoolClient } from 'pg';
import { CHAINED_COLUMNS, chainedRows, eventIds, PLANNED_EVENT_COLUMNS, plannedEventParameters } from './chained-rows';
import { IdempotencyKeyReusedError, ReservationConflictError, VersionConflictError } from './append-errors';
import {
  appendedOutcome,
  byText,
  claimKey,
  idempotencyParameters,
  idempotencyRecords,
  plannedRows,
  StreamPositions,
  versionClaims,
} from './append-plan';
import type { IdempotencyRecord, MultiStreamAppendOutcome, MultiStreamAppendRequest, Reservation } from './append-request';

/** What one request of a batch came to: appended (or replayed by its idempotency key), or refused. */
export type AppendResult = { ok: true; outcome: MultiStreamAppendOutcome } | { ok: false; error: Error };

/** A request that lost a race inside the transaction, with the reason to give it (or the key whose first answer it gets). */
type Loss = { index: number; error: Error } | { index: number; replay: IdempotencyRecord };

/** A request with its place in the batch, where its result goes. */
interface Placed {
  readonly index: number;
  readonly request: MultiStreamAppendRequest;
}

/**
 * Writes several append requests in ONE transaction (group commit): every request is still
 * checked against the expected version of each of its streams, its reservations and its
 * idempotency key. Each check is an `ON CONFLICT DO NOTHING ... RETURNING`; when any request
 * loses, the transaction is rolled back, the losers are answered and the rest is written again,
 * so no request ever half-applies, on any of its streams.
 */
export async function appendBatch(client: PoolClient, requests: readonly MultiStreamAppendRequest[]): Promise<AppendResult[]> {
  const settled: { readonly index: number; readonly result: AppendResult }[] = [];
  let pending: readonly Placed[] = requests.map((request, index) => ({ index, request }));
  while (pending.length > 0) {
    await client.query('BEGIN');
    let losses: Loss[];
    let positions: StreamPositions;
    try {
      ({ losses, positions } = await writeAll(client, pending));
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
    const failed = losses.filter((loss) => 'error' in loss);
    if (failed.length > 0) {
      // Requests that lost on version or reservation wrote rows already: undo all, answer them, go again.
      await client.query('ROLLBACK');
      for (const loss of failed) settled.push({ index: loss.index, result: { ok: false, error: loss.error } });
      const lost = new Set(failed.map((loss) => loss.index));
      pending = pending.filter(({ index }) => !lost.has(index));
      continue;
    }
    // Requests whose idempotency key was taken wrote nothing; the rest can commit.
    await client.query('COMMIT');
    const replays = new Map(losses.flatMap((loss) => ('replay' in loss ? [[loss.index, loss.replay] as const] : [])));
    for (const { index, request } of pending) {
      const replay = replays.get(index);
      settled.push({
        index,
        result: replay ? await replayed(client, replay) : { ok: true, outcome: appendedOutcome(request, positions) },
      });
    }
    break;
  }
  // Every request was answered once: as a loser of some attempt, or in the attempt that committed.
  return settled.sort((a, b) => a.index - b.index).map(({ result }) => result);
}

/** The answer to a request whose idempotency key was taken: the first result, or a refusal when the request differs. */
export async function replayed(client: PoolClient, record: IdempotencyRecord): Promise<AppendResult> {
  const { rows } = await client.query<{ request_hash: string; result: unknown }>(
    'SELECT request_hash, result FROM idempotency_keys WHERE scope = $1 AND key = $2',
    [record.scope, record.key],
  );
  const stored = rows[0];
  if (stored?.request_hash === record.requestHash) {
    return { ok: true, outcome: { status: 'replayed', result: stored.result } };
  }
  return { ok: false, error: new IdempotencyKeyReusedError(record.key) };
}

/** The requests of one attempt that lost, each counted once, in the order they lost. */
class Losses {
  readonly list: Loss[] = [];
  private readonly lost = new Set<number>();

  lose(loss: Loss): void {
    if (this.lost.has(loss.index)) return;
    this.lost.add(loss.index);
    this.list.push(loss);
  }

  has(index: number): boolean {
    return this.lost.has(index);
  }
}

/** One attempt at the pending requests inside the open transaction: what lost, and the position of each (stream, version) written. */
async function writeAll(client: PoolClient, pending: readonly Placed[]): Promise<{ losses: Loss[]; positions: StreamPositions }> {
  const losses = new Losses();
  await claimIdempotencyKeys(client, pending, losses);
  const live = pending.filter(({ index }) => !losses.has(index));
  await releaseReservations(client, live);
  await claimReservations(client, live, losses);
  const writing = pending.filter(({ index }) => !losses.has(index));
  loseVersionsClaimedTwice(writing, losses);
  const positions = await insertEvents(
    client,
    writing.filter(({ index }) => !losses.has(index)),
    losses,
  );
  return { losses: losses.list, positions };
}

/** A request whose key is already stored, or claimed earlier in this batch, loses: it is to be replayed. */
async function claimIdempotencyKeys(client: PoolClient, pending: readonly Placed[], losses: Losses): Promise<void> {
  const keyed = pending.flatMap(({ index, request }) => (request.idempotency ? [{ index, record: request.idempotency }] : []));
  if (keyed.length === 0) return;
  const records = idempotencyRecords(pending.map(({ request }) => request));
  const { rows } = await client.query<{ scope: string; key: string }>(
    `INSERT INTO idempotency_keys (scope, key, request_hash, result)
     SELECT * FROM ROWS FROM (unnest($1::text[]), unnest($2::text[]), unnest($3::text[]), jsonb_array_elements($4::jsonb))
     ON CONFLICT DO NOTHING RETURNING scope, key`,
    idempotencyParameters(records),
  );
  const won = new Set(rows.map((row) => claimKey(row.scope, row.key)));
  const claimed = new Set<string>();
  for (const { index, record } of keyed) {
    const id = claimKey(record.scope, record.key);
    if (!won.has(id) || claimed.has(id)) losses.lose({ index, replay: record });
    claimed.add(id);
  }
}

/** Deletes the reservations the live requests give up, before any request reserves. */
async function releaseReservations(client: PoolClient, live: readonly Placed[]): Promise<void> {
  const releases = live.flatMap(({ request }) =>
    request.streams.flatMap(({ streamId, release }) => (release ?? []).map((r) => ({ ...r, streamId }))),
  );
  if (releases.length === 0) return;
  await client.query(
    `DELETE FROM reservations r USING unnest($1::text[], $2::text[], $3::text[]) AS x(kind, value, stream_id)
     WHERE r.kind = x.kind AND r.value = x.value AND r.stream_id = x.stream_id`,
    [releases.map((r) => r.kind), releases.map((r) => r.value), releases.map((r) => r.streamId)],
  );
}

/** A request whose value is already reserved, or reserved earlier in this batch, loses with a conflict. */
async function claimReservations(client: PoolClient, live: readonly Placed[], losses: Losses): Promise<void> {
  const reserving = live
    .flatMap(({ index, request }) =>
      request.streams.flatMap(({ streamId, reserve }) => (reserve ?? []).map((reservation) => ({ index, streamId, reservation }))),
    )
    .sort((a, b) => byText(claimKey(a.reservation.kind, a.reservation.value), claimKey(b.reservation.kind, b.reservation.value)));
  if (reserving.length === 0) return;
  const { rows } = await client.query<Reservation>(
    `INSERT INTO reservations (kind, value, stream_id)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
     ON CONFLICT DO NOTHING RETURNING kind, value`,
    [reserving.map((r) => r.reservation.kind), reserving.map((r) => r.reservation.value), reserving.map((r) => r.streamId)],
  );
  const won = new Set(rows.map((row) => claimKey(row.kind, row.value)));
  const claimed = new Set<string>();
  for (const { index, reservation } of reserving) {
    const id = claimKey(reservation.kind, reservation.value);
    if (!won.has(id) || claimed.has(id)) {
      losses.lose({ index, error: new ReservationConflictError(reservation.kind, reservation.value) });
    }
    claimed.add(id);
  }
}

/**
 * Two requests of this batch claiming one stream version: the insert keeps one row for both, so
 * the later request loses here, before anything tells it that the earlier one's row is its own.
 */
function loseVersionsClaimedTwice(writing: readonly Placed[], losses: Losses): void {
  const versions = new Set<string>();
  for (const { index, request } of writing) {
    const claimed = request.streams.filter((append) => versionClaims(append).some((claim) => versions.has(claim)));
    if (claimed.length > 0) losses.lose({ index, error: conflictOn(request, new Set(claimed.map(({ streamId }) => streamId))) });
    else request.streams.forEach((append) => versionClaims(append).forEach((claim) => versions.add(claim)));
  }
}

/**
 * Inserts the requests' events in one statement, in the one order every writer uses (plannedRows);
 * a request any of whose stream versions was taken loses, naming each such stream. Answers the
 * position of every (stream, version) written.
 */
async function insertEvents(client: PoolClient, writing: readonly Placed[], losses: Losses): Promise<StreamPositions> {
  const rows = plannedRows(writing.map(({ request }) => request));
  if (rows.length === 0) return new StreamPositions([]);
  const inserted = await client.query<{ stream_id: string; stream_version: number; position: number }>(
    `INSERT INTO events (${CHAINED_COLUMNS}) ${chainedRows(`
       ROWS FROM (${PLANNED_EVENT_COLUMNS}, unnest($6::uuid[]))
            WITH ORDINALITY AS x(stream_id, stream_version, type, data, metadata, event_id, n)`)}
     ON CONFLICT (stream_id, stream_version) DO NOTHING
     RETURNING stream_id, stream_version, position`,
    [...plannedEventParameters(rows), eventIds(rows)],
  );
  const at = new StreamPositions(inserted.rows.map((row) => [row.stream_id, row.stream_version, row.position] as const));
  const taken = new Map<number, Set<string>>();
  for (const row of rows) {
    if (at.at(row.streamId, row.version) === undefined) taken.set(row.request, (taken.get(row.request) ?? new Set()).add(row.streamId));
  }
  writing.forEach(({ index, request }, place) => {
    const streams = taken.get(place);
    if (streams) losses.lose({ index, error: conflictOn(request, streams) });
  });
  return at;
}

/** The conflict naming the request's streams in `streamIds`, in the request's order. */
const conflictOn = (request: MultiStreamAppendRequest, streamIds: ReadonlySet<string>) =>
  new VersionConflictError(
    request.streams
      .filter(({ streamId }) => streamIds.has(streamId))
      .map(({ streamId, expectedVersion }) => ({ streamId, expectedVersion })),
  );
