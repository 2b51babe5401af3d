import { createPool } from '../database/pool';
import { IdempotencyKeyReusedError, MalformedAppendError, VersionConflictError } from './append-errors';
import { asMultiStream } from './append-plan';
import type { MultiStreamAppendOutcome, MultiStreamAppendRequest, StreamAppend } from './append-request';
import { verifyHashChain } from './chain-verification';
import { consumeNextBatch, ensureCheckpoint } from './checkpointed-batch';
import { EventStore } from './event-store';
import { GroupCommit } from './group-commit';
import { StoreNotifications } from './store-notifications';
import type { StoredEvent } from './stored-event';
import { Subscription } from './subscription';
import { storeFixture } from '../../../test/store-fixture';

const fixture = storeFixture();

const event = (type: string, data: unknown = {}) => ({ type, data, metadata: { userId: 'u1' } });
const leg = (streamId: string, expectedVersion: number, ...types: string[]): StreamAppend => ({
  streamId,
  expectedVersion,
  events: types.map((type) => event(type)),
});
const record = (key: string, requestHash = 'h') => ({ scope: 'u1', key, requestHash, result: { answer: key } });
const typesOf = async (streamId: string) => (await fixture.store.readStream(streamId)).map((stored) => stored.type);
const positionsOf = (outcome: MultiStreamAppendOutcome) =>
  outcome.status === 'appended' ? outcome.streams.flatMap((s) => s.positions) : [];
const keyStored = async (key: string) => (await fixture.pool.query('SELECT 1 FROM idempotency_keys WHERE key = $1', [key])).rows.length > 0;

/** The events at these positions, in position order; `n` from their data, where the race below puts it. */
async function eventsAt(positions: readonly number[]) {
  const { rows } = await fixture.pool.query<{ position: number; transactionId: string; streamId: string; type: string; n: number | null }>(
    `SELECT position, transaction_id::text AS "transactionId", stream_id AS "streamId", type, (data->>'n')::int AS n
       FROM events WHERE position = ANY($1::bigint[]) ORDER BY position`,
    [positions],
  );
  return rows;
}

describe('appending to several streams', () => {
  it('writes every stream of the request in one transaction and answers each stream its version and positions', async () => {
    await fixture.store.append({ streamId: 'both-b', expectedVersion: 0, events: [event('Opened')] });
    const outcome = await fixture.store.appendToStreams({ streams: [leg('both-b', 1, 'In'), leg('both-a', 0, 'Opened', 'Out')] });
    const [b, a] = [await fixture.store.readStream('both-b'), await fixture.store.readStream('both-a')];
    expect(outcome).toEqual({
      status: 'appended',
      streams: [
        { streamId: 'both-b', nextVersion: 2, positions: [b[1]?.position] },
        { streamId: 'both-a', nextVersion: 2, positions: a.map((stored) => stored.position) },
      ],
    });
    expect(new Set([b[1], ...a].map((stored) => stored?.transactionId)).size).toBe(1);
  });

  it.each([
    ['taken', 0],
    ['ahead', 5],
  ])('writes nothing on any stream, nor its key, when the second stream is %s, and names that stream', async (name, expectedVersion) => {
    const [first, second] = [`neither-${name}-1`, `neither-${name}-2`];
    await fixture.store.append({ streamId: second, expectedVersion: 0, events: [event('Opened')] });
    const attempt = fixture.store.appendToStreams({
      streams: [leg(first, 0, 'Out'), leg(second, expectedVersion, 'In')],
      idempotency: record(`neither-${name}`),
    });
    await expect(attempt).rejects.toBeInstanceOf(VersionConflictError);
    await expect(attempt).rejects.toMatchObject({ streams: [{ streamId: second, expectedVersion }] });
    expect(await typesOf(first)).toEqual([]);
    expect(await typesOf(second)).toEqual(['Opened']);
    expect(await keyStored(`neither-${name}`)).toBe(false);
  });

  it('names every stream that moved', async () => {
    await fixture.store.appendToStreams({ streams: [leg('moved-a', 0, 'Opened'), leg('moved-b', 0, 'Opened')] });
    await expect(
      fixture.store.appendToStreams({ streams: [leg('moved-a', 0, 'X'), leg('moved-c', 0, 'X'), leg('moved-b', 0, 'X')] }),
    ).rejects.toMatchObject({
      streams: [
        { streamId: 'moved-a', expectedVersion: 0 },
        { streamId: 'moved-b', expectedVersion: 0 },
      ],
    });
    expect(await typesOf('moved-c')).toEqual([]);
  });

  it('keeps no reservation of a request that lost a stream in the transactional batch, and names that stream', async () => {
    await fixture.store.append({ streamId: 'reserving-2', expectedVersion: 0, events: [event('Opened')] });
    const attempt = fixture.store.appendToStreams({
      streams: [{ ...leg('reserving-1', 0, 'Created'), reserve: [{ kind: 'sku', value: 'MULTI-1' }] }, leg('reserving-2', 0, 'Linked')],
    });
    await expect(attempt).rejects.toMatchObject({ streams: [{ streamId: 'reserving-2', expectedVersion: 0 }] });
    expect(await typesOf('reserving-1')).toEqual([]);
    await expect(
      fixture.store.append({
        streamId: 'reserving-3',
        expectedVersion: 0,
        events: [event('Created')],
        reserve: [{ kind: 'sku', value: 'MULTI-1' }],
      }),
    ).resolves.toMatchObject({ status: 'appended' });
  });

  it.each<[string, MultiStreamAppendRequest]>([
    ['no stream', { streams: [] }],
    ['one stream twice', { streams: [leg('twice', 0, 'A'), leg('twice', 1, 'B')] }],
  ])('refuses a request with %s and writes nothing', async (_name, request) => {
    await expect(fixture.store.appendToStreams(request)).rejects.toBeInstanceOf(MalformedAppendError);
    expect(await typesOf('twice')).toEqual([]);
  });
});

describe('single and multi-stream requests in one group-commit batch', () => {
  it.each([
    ['in one statement', undefined],
    ['in the transactional batch', [{ kind: 'sku', value: 'MIXED-1' }]],
  ])('land together %s when one of them loses, which alone fails', async (name, reserve) => {
    const id = (stream: string) => `mixed-${name.replaceAll(' ', '-')}-${stream}`;
    await fixture.store.append({ streamId: id('taken'), expectedVersion: 0, events: [event('Opened')] });
    const commit = new GroupCommit(fixture.pool, { maxBatch: 50, concurrency: 1, soloEvents: 100 });
    // The one slot is busy: the requests below queue up and share the next transaction.
    const first = commit.append(asMultiStream({ streamId: id('first'), expectedVersion: 0, events: [event('First')] }));
    const settled = await Promise.allSettled([
      commit.append(asMultiStream({ streamId: id('single'), expectedVersion: 0, events: [event('A')], reserve })),
      commit.append({ streams: [leg(id('m1-b'), 0, 'Out'), leg(id('m1-a'), 0, 'In')], idempotency: record(id('m1')) }),
      commit.append({ streams: [leg(id('m2'), 0, 'Out'), leg(id('taken'), 0, 'In')], idempotency: record(id('m2')) }),
      commit.append({ streams: [leg(id('m3-a'), 0, 'Out', 'Note'), leg(id('m3-z'), 0, 'In')] }),
    ]);
    await first;
    expect(settled.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(settled[2]).toMatchObject({ reason: { streams: [{ streamId: id('taken'), expectedVersion: 0 }] } });
    expect(await typesOf(id('m2'))).toEqual([]);
    expect(await typesOf(id('taken'))).toEqual(['Opened']);
    expect(await keyStored(id('m2'))).toBe(false);
    const landed = await eventsAt(settled.flatMap((result) => (result.status === 'fulfilled' ? positionsOf(result.value) : [])));
    expect(landed.map((stored) => stored.streamId).sort()).toEqual(['single', 'm1-a', 'm1-b', 'm3-a', 'm3-a', 'm3-z'].map(id).sort());
    expect(new Set(landed.map((stored) => stored.transactionId)).size).toBe(1);
  });
});

describe('group commit', () => {
  it('starts a request of many events in a transaction of its own at once, while small ones queue to share the next', async () => {
    const commit = new GroupCommit(fixture.pool, { maxBatch: 50, concurrency: 1, soloEvents: 3 });
    const many = Array.from({ length: 3 }, (_, n) => `Many${n}`);
    // The one slot is busy: without a transaction of its own, the batch of three would queue with the two small requests.
    const first = commit.append(asMultiStream({ streamId: 'solo-first', expectedVersion: 0, events: [event('First')] }));
    const [batch, small1, small2] = await Promise.all([
      commit.append({ streams: [leg('solo-batch', 0, ...many)] }),
      commit.append({ streams: [leg('solo-small-1', 0, 'One')] }),
      commit.append({ streams: [leg('solo-small-2', 0, 'Two')] }),
    ]);
    const transactionOf = async (outcome: MultiStreamAppendOutcome) =>
      new Set((await eventsAt(positionsOf(outcome))).map((stored) => stored.transactionId));
    const [firstTx, batchTx, small1Tx, small2Tx] = await Promise.all([await first, batch, small1, small2].map(transactionOf));
    expect(await typesOf('solo-batch')).toEqual(many);
    expect(batchTx?.size).toBe(1);
    expect(small1Tx).toEqual(small2Tx);
    expect([...(batchTx ?? [])]).not.toContain([...(small1Tx ?? [])][0]);
    expect([...(batchTx ?? [])]).not.toContain([...(firstTx ?? [])][0]);
  });
});

describe('idempotency of a multi-stream request', () => {
  const transfer = (key: string, requestHash = 'h') => ({
    streams: [leg(`${key}-from`, 0, 'Out'), leg(`${key}-to`, 0, 'In')],
    idempotency: record(key, requestHash),
  });

  it('answers the same key and body with the first result and writes nothing', async () => {
    expect((await fixture.store.appendToStreams(transfer('idem-m1'))).status).toBe('appended');
    expect(await fixture.store.appendToStreams(transfer('idem-m1'))).toEqual({ status: 'replayed', result: { answer: 'idem-m1' } });
    expect([await typesOf('idem-m1-from'), await typesOf('idem-m1-to')]).toEqual([['Out'], ['In']]);
  });

  it('refuses the same key with another body and writes nothing', async () => {
    await fixture.store.appendToStreams(transfer('idem-m2'));
    await expect(
      fixture.store.appendToStreams({
        ...transfer('idem-m2', 'other'),
        streams: [leg('idem-m2-from', 1, 'Out'), leg('idem-m2-to', 1, 'In')],
      }),
    ).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    expect([await typesOf('idem-m2-from'), await typesOf('idem-m2-to')]).toEqual([['Out'], ['In']]);
  });

  it('answers concurrent duplicates once', async () => {
    const outcomes = await Promise.all(Array.from({ length: 8 }, () => fixture.store.appendToStreams(transfer('idem-m3'))));
    expect(outcomes.filter((outcome) => outcome.status === 'appended')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.status === 'replayed')).toHaveLength(7);
    expect([await typesOf('idem-m3-from'), await typesOf('idem-m3-to')]).toEqual([['Out'], ['In']]);
  });
});

describe('a reader of the log', () => {
  it('applies all events of a multi-stream request in one batch, in log order, even one event at a time', async () => {
    await ensureCheckpoint(fixture.pool, 'legs');
    await fixture.pool.query(
      `UPDATE checkpoints SET (transaction_id, position) =
         (SELECT transaction_id, position FROM events ORDER BY transaction_id DESC, position DESC LIMIT 1) WHERE name = 'legs'`,
    );
    const batches: StoredEvent[][] = [];
    const step = () =>
      consumeNextBatch(fixture.pool, {
        name: 'legs',
        limit: 1,
        streamPrefix: 'legs-',
        apply: (events) => {
          batches.push([...events]);
          return Promise.resolve();
        },
      });
    const notifications = new StoreNotifications(fixture.database.url);
    await notifications.start();
    const subscription = new Subscription(step, notifications, { pollMs: 50 });
    subscription.start();
    const multi = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        fixture.store.appendToStreams({ streams: [leg(`legs-${n}-z`, 0, 'Out', 'Noted'), leg(`legs-${n}-a`, 0, 'In')] }),
      ),
    );
    const singles = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        fixture.store.append({ streamId: `legs-single-${n}`, expectedVersion: 0, events: [event('A')] }),
      ),
    );
    await expect.poll(() => batches.flat().length, { timeout: 20_000 }).toBe(20 * 3 + 20);
    await subscription.stop();
    await notifications.close();

    const batchOf = new Map(batches.flatMap((batch, index) => batch.map((stored) => [stored.position, index] as const)));
    for (const outcome of multi) expect(new Set(positionsOf(outcome).map((position) => batchOf.get(position))).size).toBe(1);
    const seen = batches.flat();
    const order = (stored: StoredEvent) => [BigInt(stored.transactionId), BigInt(stored.position)] as const;
    const inLogOrder = [...seen].sort((a, b) => {
      const [[ta, pa], [tb, pb]] = [order(a), order(b)];
      return ta === tb ? Number(pa - pb) : ta < tb ? -1 : 1;
    });
    expect(seen).toEqual(inLogOrder);
    expect(seen.filter((stored) => stored.streamId === 'legs-0-z').map((stored) => stored.type)).toEqual(['Out', 'Noted']);
    expect(singles).toHaveLength(20);
  });
});

describe('two-stream requests racing in both directions', () => {
  it('never deadlock: every accepted request has all its events, the others none, and versions stay contiguous', async () => {
    const otherPool = createPool(fixture.database.url, { max: 5 });
    const other = new EventStore(otherPool);
    const heads = async () => {
      const { rows } = await fixture.pool.query<{ stream_id: string; head: number }>(
        `SELECT stream_id, max(stream_version) AS head FROM events WHERE stream_id IN ('race-a', 'race-b') GROUP BY stream_id`,
      );
      return new Map(rows.map((row) => [row.stream_id, row.head]));
    };
    const move = async (n: number) => {
      const [from, to] = n % 2 ? ['race-a', 'race-b'] : ['race-b', 'race-a'];
      const store = n % 3 ? fixture.store : other;
      for (let attempt = 1; attempt <= 200; attempt += 1) {
        const versions = await heads();
        try {
          const outcome = await store.appendToStreams({
            streams: [
              { streamId: from, expectedVersion: versions.get(from) ?? 0, events: [event('Out', { n })] },
              { streamId: to, expectedVersion: versions.get(to) ?? 0, events: [event('In', { n })] },
            ],
          });
          return { n, from, to, outcome };
        } catch (error) {
          if (!(error instanceof VersionConflictError)) throw error;
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 4 * Math.min(attempt, 25)));
        }
      }
      return { n, from, to, outcome: undefined };
    };
    const results = await Promise.all(Array.from({ length: 300 }, (_, n) => move(n))).finally(() => otherPool.end());

    const accepted = results.flatMap(({ outcome, ...rest }) => (outcome ? [{ ...rest, outcome }] : []));
    // Retried on every conflict, each request lands in the end.
    expect(accepted).toHaveLength(300);
    for (const streamId of ['race-a', 'race-b']) {
      const stream = await fixture.store.readStream(streamId);
      expect(stream.map((stored) => stored.streamVersion)).toEqual(stream.map((_, index) => index + 1));
      expect(stream.map((stored) => (stored.data as { n: number }).n).sort((a, b) => a - b)).toEqual(
        accepted.map(({ n }) => n).sort((a, b) => a - b),
      );
    }
    for (const { n, from, to, outcome } of accepted) {
      const legs = await eventsAt(positionsOf(outcome));
      expect(legs.map((stored) => [stored.streamId, stored.type, stored.n]).sort()).toEqual(
        [
          [from, 'Out', n],
          [to, 'In', n],
        ].sort(),
      );
      expect(new Set(legs.map((stored) => stored.transactionId)).size).toBe(1);
    }
  });
});

describe('the hash chain after all of it', () => {
  it('verifies over every event written', async () => {
    const { rows } = await fixture.pool.query<{ count: number }>('SELECT count(*)::int AS count FROM events');
    expect(await verifyHashChain(fixture.pool)).toMatchObject({ ok: true, checked: rows[0]?.count });
  });
});
