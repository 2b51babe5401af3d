import { Client, Pool } from 'pg';
import { readLog } from '../../../test/read-log';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database';
import { createPool } from '../database/pool';
import { appendBatch } from './append-batch';
import { appendTogether, canAppendTogether } from './append-together';
import { IdempotencyKeyReusedError, ReservationConflictError, VersionConflictError } from './append-errors';
import { asMultiStream } from './append-plan';
import type { AppendRequest } from './append-request';
import { EventStore } from './event-store';
import { START, type Checkpoint, type StoredEvent } from './stored-event';

let database: TestDatabase;
let pool: Pool;
let store: EventStore;

beforeAll(async () => {
  database = await createTestDatabase();
  pool = createPool(database.url, { max: 40 });
  store = new EventStore(pool);
});

afterAll(async () => {
  await pool.end();
  await database.drop();
});

const event = (type: string, data: unknown = {}) => ({ type, data, metadata: { userId: 'u1' } });

async function readEverything(from: Checkpoint = START): Promise<{ events: StoredEvent[]; checkpoint: Checkpoint }> {
  const events: StoredEvent[] = [];
  let checkpoint = from;
  for (;;) {
    const page = await readLog(pool, checkpoint, 50);
    if (page.events.length === 0) return { events, checkpoint };
    events.push(...page.events);
    checkpoint = page.checkpoint;
  }
}

describe('appending with an expected version', () => {
  it('lets exactly one of two writers at the same version win', async () => {
    await store.append({ streamId: 'race-1', expectedVersion: 0, events: [event('Opened')] });
    const results = await Promise.allSettled([
      store.append({ streamId: 'race-1', expectedVersion: 1, events: [event('A')] }),
      store.append({ streamId: 'race-1', expectedVersion: 1, events: [event('B')] }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected');
    expect(rejected?.reason).toBeInstanceOf(VersionConflictError);
    expect((await store.readStream('race-1')).map((e) => e.streamVersion)).toEqual([1, 2]);
  });

  it('lets exactly one of ten writers from two processes win', async () => {
    const other = new EventStore(createPool(database.url, { max: 5 }));
    await store.append({ streamId: 'race-2', expectedVersion: 0, events: [event('Opened')] });
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, n) =>
        (n % 2 ? other : store).append({ streamId: 'race-2', expectedVersion: 1, events: [event(`W${n}`)] }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((await store.readStream('race-2')).length).toBe(2);
  });

  it('lets one of several requests for one stream version in one transaction win, and writes the others', async () => {
    await store.append({ streamId: 'same-batch', expectedVersion: 0, events: [event('Opened')] });
    const client = await pool.connect();
    const settled = await appendBatch(
      client,
      [
        { streamId: 'same-batch', expectedVersion: 1, events: [event('A'), event('A2')] },
        { streamId: 'same-batch', expectedVersion: 1, events: [event('B')] },
        { streamId: 'same-batch', expectedVersion: 2, events: [event('C')] },
        { streamId: 'same-batch-neighbour', expectedVersion: 0, events: [event('Opened')] },
      ].map(asMultiStream),
    ).finally(() => client.release());
    expect(settled.map((result) => result.ok)).toEqual([true, false, false, true]);
    for (const lost of [settled[1]!, settled[2]!]) expect(!lost.ok && lost.error).toBeInstanceOf(VersionConflictError);
    expect((await store.readStream('same-batch')).map((e) => e.type)).toEqual(['Opened', 'A', 'A2']);
    expect(await store.readStream('same-batch-neighbour')).toHaveLength(1);
  });

  it('refuses an expected version that is ahead of the stream', async () => {
    await expect(store.append({ streamId: 'ahead', expectedVersion: 3, events: [event('X')] })).rejects.toBeInstanceOf(
      VersionConflictError,
    );
    expect(await store.readStream('ahead')).toEqual([]);
  });

  it('keeps the other requests of a shared transaction when one of them loses', async () => {
    await store.append({ streamId: 'shared-loser', expectedVersion: 0, events: [event('Opened')] });
    const results = await Promise.allSettled([
      ...Array.from({ length: 30 }, (_, n) =>
        store.append({ streamId: `shared-${n}`, expectedVersion: 0, events: [event('Opened'), event('Named')] }),
      ),
      store.append({ streamId: 'shared-loser', expectedVersion: 0, events: [event('Opened')] }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(30);
    for (let n = 0; n < 30; n += 1) expect((await store.readStream(`shared-${n}`)).length).toBe(2);
  });

  it.each([
    ['nul', 'a\u0000b'],
    ['surrogate', 'a\ud800b'],
  ])(
    'refuses only the requests whose data the database cannot store (%s), and writes the others of their transaction',
    async (name, text) => {
      const bad = (n: number) => n === 5 || n === 21;
      const results = await Promise.allSettled(
        Array.from({ length: 30 }, (_, n) =>
          store.append({ streamId: `unstorable-${name}-${n}`, expectedVersion: 0, events: [event('Opened', bad(n) ? { text } : {})] }),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(Array.from({ length: 30 }, (_, n) => (bad(n) ? 'rejected' : 'fulfilled')));
      expect((await store.readStream(`unstorable-${name}-5`)).length).toBe(0);
      expect((await store.readStream(`unstorable-${name}-6`)).length).toBe(1);
    },
  );

  it('records who did it with every event and hands back the positions', async () => {
    const outcome = await store.append({ streamId: 'meta', expectedVersion: 0, events: [event('A'), event('B')] });
    expect(outcome.status).toBe('appended');
    const stream = await store.readStream('meta');
    expect(outcome.status === 'appended' && outcome.positions).toEqual(stream.map((e) => e.position));
    expect(stream.map((e) => e.metadata.userId)).toEqual(['u1', 'u1']);
  });
});

describe('reading several streams at once', () => {
  it('gives each stream its events after its own version in version order, and no entry for a stream without such events', async () => {
    await store.append({ streamId: 'several-a', expectedVersion: 0, events: [event('A1'), event('A2')] });
    await store.append({ streamId: 'several-b', expectedVersion: 0, events: [event('B1')] });
    await store.append({ streamId: 'several-a', expectedVersion: 2, events: [event('A3')] });

    const streams = await store.readStreams(
      new Map([
        ['several-a', 0],
        ['several-b', 0],
        ['several-none', 0],
      ]),
    );

    expect([...streams.keys()].sort()).toEqual(['several-a', 'several-b']);
    expect(streams.get('several-a')?.map((e) => [e.type, e.streamVersion])).toEqual([
      ['A1', 1],
      ['A2', 2],
      ['A3', 3],
    ]);
    expect(streams.get('several-b')).toEqual(await store.readStream('several-b'));
    const later = await store.readStreams(
      new Map([
        ['several-a', 2],
        ['several-b', 1],
      ]),
    );
    expect([...later.keys()]).toEqual(['several-a']);
    expect(later.get('several-a')?.map((e) => e.type)).toEqual(['A3']);
  });
});

describe('idempotency keys', () => {
  const idempotency = (key: string, requestHash: string) => ({ scope: 'user-1', key, requestHash, result: { answer: requestHash } });

  it('answers a retry with the first result and appends nothing', async () => {
    const first = await store.append({
      streamId: 'idem-1',
      expectedVersion: 0,
      events: [event('A')],
      idempotency: idempotency('k1', 'h1'),
    });
    const retry = await store.append({
      streamId: 'idem-1',
      expectedVersion: 0,
      events: [event('A')],
      idempotency: idempotency('k1', 'h1'),
    });
    expect(first.status).toBe('appended');
    expect(retry).toEqual({ status: 'replayed', result: { answer: 'h1' } });
    expect(await store.readStream('idem-1')).toHaveLength(1);
  });

  it('answers a retry with the first result whatever JSON it holds, written by one statement or by the transactional batch', async () => {
    const results = [{ note: 'a "quoted" \\ back\\slash, {braces}, [brackets], ünï 😀' }, null, ['x', 1, { y: '"' }], 'plain "text"', 0];
    for (const [n, result] of results.entries()) {
      // A reservation sends the append through the transactional batch.
      for (const reserve of [undefined, [{ kind: 'idem-json', value: `v${n}` }]]) {
        const streamId = `idem-json-${n}-${reserve ? 'batch' : 'together'}`;
        const request = {
          streamId,
          expectedVersion: 0,
          events: [event('A')],
          ...(reserve && { reserve }),
          idempotency: { scope: 'user-1', key: streamId, requestHash: 'h', result },
        };
        expect(await store.append(request)).toMatchObject({ status: 'appended' });
        expect(await store.append(request)).toEqual({ status: 'replayed', result });
      }
    }
  });

  it('answers concurrent duplicates once', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        store.append({ streamId: 'idem-2', expectedVersion: 0, events: [event('A')], idempotency: idempotency('k2', 'h2') }),
      ),
    );
    expect(results.filter((r) => r.status === 'appended')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'replayed')).toHaveLength(7);
    expect(await store.readStream('idem-2')).toHaveLength(1);
  });

  it('keeps no key for a request that lost its stream version, alone or with others, so its retry is appended', async () => {
    await store.append({ streamId: 'idem-4', expectedVersion: 0, events: [event('A')] });
    // Alone, and then in one transaction with a request that wins (the batch path).
    for (const [key, together] of [
      ['k4', false],
      ['k5', true],
    ] as const) {
      const stale = store.append({
        streamId: 'idem-4',
        expectedVersion: 0,
        events: [event('B'), event('C')],
        idempotency: idempotency(key, key),
      });
      const other = together ? store.append({ streamId: `idem-4-${key}`, expectedVersion: 0, events: [event('A')] }) : undefined;
      await expect(stale).rejects.toBeInstanceOf(VersionConflictError);
      await other;
    }
    const { rows } = await pool.query("SELECT key FROM idempotency_keys WHERE key IN ('k4', 'k5')");
    expect(rows).toEqual([]);
    const retry = await store.append({
      streamId: 'idem-4',
      expectedVersion: 1,
      events: [event('B')],
      idempotency: idempotency('k4', 'k4'),
    });
    expect(retry).toMatchObject({ status: 'appended', nextVersion: 2 });
    expect((await store.readStream('idem-4')).map((stored) => stored.type)).toEqual(['A', 'B']);
  });

  it('keeps neither the key nor the events of an append whose connection dies inside its statement, so the retry appends once', async () => {
    const request = { streamId: 'idem-crash', expectedVersion: 0, events: [event('A')], idempotency: idempotency('k-crash', 'hc') };
    const holder = new Client({ connectionString: database.url });
    await holder.connect();
    try {
      // An open transaction holding the stream's first version stops the append inside its statement, after it claimed the key.
      await holder.query('BEGIN');
      await holder.query("INSERT INTO events (stream_id, stream_version, type, data) VALUES ('idem-crash', 1, 'Held', '{}')");
      const dying = store.append(request);
      const waiting = async (): Promise<number> => {
        const { rows } = await pool.query<{ pid: number }>(
          "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO idempotency_keys%'",
        );
        return rows[0]?.pid ?? (await new Promise((resolve) => setTimeout(resolve, 20)).then(waiting));
      };
      await pool.query('SELECT pg_terminate_backend($1)', [await waiting()]);
      await expect(dying).rejects.toThrow();
      await holder.query('ROLLBACK');
    } finally {
      await holder.end();
    }
    expect((await pool.query("SELECT key FROM idempotency_keys WHERE key = 'k-crash'")).rows).toEqual([]);
    expect(await store.append(request)).toMatchObject({ status: 'appended', nextVersion: 1 });
    expect(await store.append(request)).toEqual({ status: 'replayed', result: { answer: 'hc' } });
    expect((await store.readStream('idem-crash')).map((stored) => stored.type)).toEqual(['A']);
  });

  it('refuses the same key with a different request and appends nothing', async () => {
    await store.append({ streamId: 'idem-3', expectedVersion: 0, events: [event('A')], idempotency: idempotency('k3', 'h3') });
    await expect(
      store.append({ streamId: 'idem-3', expectedVersion: 1, events: [event('B')], idempotency: idempotency('k3', 'other') }),
    ).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
    expect(await store.readStream('idem-3')).toHaveLength(1);
  });
});

describe('several requests in one statement', () => {
  const idempotency = (key: string, requestHash: string) => ({ scope: 'user-1', key, requestHash, result: { answer: requestHash } });

  it('writes them all, answering a request whose key is taken with the first result and writing nothing for it', async () => {
    await store.append({ streamId: 'together-k', expectedVersion: 0, events: [event('A')], idempotency: idempotency('kt1', 'h1') });
    const client = await pool.connect();
    const settled = await appendTogether(
      client,
      [
        { streamId: 'together-b', expectedVersion: 0, events: [event('B1'), event('B2')] },
        { streamId: 'together-k', expectedVersion: 1, events: [event('A')], idempotency: idempotency('kt1', 'h1') },
        { streamId: 'together-c', expectedVersion: 0, events: [event('C')], idempotency: idempotency('kt2', 'h2') },
      ].map(asMultiStream),
    ).finally(() => client.release());
    const appended = async (streamId: string, nextVersion: number) => ({
      status: 'appended',
      streams: [{ streamId, nextVersion, positions: (await store.readStream(streamId)).map((stored) => stored.position) }],
    });
    expect(settled).toEqual([
      { ok: true, outcome: await appended('together-b', 2) },
      { ok: true, outcome: { status: 'replayed', result: { answer: 'h1' } } },
      { ok: true, outcome: await appended('together-c', 1) },
    ]);
    expect(await store.readStream('together-k')).toHaveLength(1);
    expect((await pool.query("SELECT key FROM idempotency_keys WHERE key = 'kt2'")).rows).toHaveLength(1);
  });

  it('refuses alone a request whose stream has moved on, and writes the others with their keys', async () => {
    await store.append({ streamId: 'together-a', expectedVersion: 0, events: [event('A')] });
    const client = await pool.connect();
    const settled = await appendTogether(
      client,
      [
        { streamId: 'together-a', expectedVersion: 0, events: [event('Late')], idempotency: idempotency('kt3', 'h3') },
        { streamId: 'together-d', expectedVersion: 0, events: [event('D')], idempotency: idempotency('kt4', 'h4') },
      ].map(asMultiStream),
    ).finally(() => client.release());
    expect(settled[0]).toMatchObject({ ok: false, error: { streams: [{ streamId: 'together-a', expectedVersion: 0 }] } });
    const refusal = settled[0]?.ok === false ? settled[0].error : undefined;
    expect(refusal).toBeInstanceOf(VersionConflictError);
    // It brings what the request missed, as the stream reads: its writer need not read it again.
    expect((refusal as VersionConflictError).missed).toEqual(new Map([['together-a', await store.readStream('together-a')]]));
    expect(settled[1]).toMatchObject({ ok: true, outcome: { status: 'appended' } });
    expect((await store.readStream('together-a')).map((stored) => stored.type)).toEqual(['A']);
    expect((await store.readStream('together-d')).map((stored) => stored.type)).toEqual(['D']);
    expect((await pool.query("SELECT key FROM idempotency_keys WHERE key IN ('kt3', 'kt4') ORDER BY key")).rows).toEqual([{ key: 'kt4' }]);
  });

  it('names only the streams of a multi-stream request that moved on', async () => {
    await store.append({ streamId: 'together-m1', expectedVersion: 0, events: [event('A')] });
    const client = await pool.connect();
    const settled = await appendTogether(client, [
      {
        streams: [
          { streamId: 'together-m1', expectedVersion: 0, events: [event('Late')] },
          { streamId: 'together-m2', expectedVersion: 0, events: [event('Fresh')] },
        ],
      },
    ]).finally(() => client.release());
    expect(settled).toMatchObject([{ ok: false, error: { streams: [{ streamId: 'together-m1', expectedVersion: 0 }] } }]);
    expect(await store.readStream('together-m2')).toEqual([]);
  });

  it('writes nothing at all, and keeps no key, when a writer still in flight takes a stream version', async () => {
    const holder = new Client({ connectionString: database.url });
    await holder.connect();
    const client = await pool.connect();
    try {
      await holder.query('BEGIN');
      await holder.query("INSERT INTO events (stream_id, stream_version, type, data) VALUES ('together-f', 1, 'Held', '{}')");
      const attempt = appendTogether(
        client,
        [
          { streamId: 'together-f', expectedVersion: 0, events: [event('Late')] },
          { streamId: 'together-g', expectedVersion: 0, events: [event('G')], idempotency: idempotency('kt5', 'h5') },
        ].map(asMultiStream),
      );
      await expect
        .poll(
          async () =>
            (
              await pool.query(
                "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%stale AS%'",
              )
            ).rowCount,
        )
        .toBe(1);
      await holder.query('COMMIT');
      await expect(attempt).rejects.toMatchObject({ code: '23505' });
    } finally {
      client.release();
      await holder.end();
    }
    expect(await store.readStream('together-g')).toEqual([]);
    expect((await pool.query("SELECT key FROM idempotency_keys WHERE key = 'kt5'")).rows).toEqual([]);
  });

  it('keeps every statement to index probes in the plans PostgreSQL settles on while the log is small, which it keeps as the log grows', async () => {
    const generic = createPool(database.url, { max: 1, genericPlans: true });
    try {
      const genericStore = new EventStore(generic);
      await genericStore.append({ streamId: 'plan-1', expectedVersion: 0, events: [event('A')], idempotency: idempotency('kp1', 'h') });
      await expect(genericStore.append({ streamId: 'together-a', expectedVersion: 0, events: [event('B')] })).rejects.toBeInstanceOf(
        VersionConflictError,
      );
      await genericStore.readStream('plan-1');
      await genericStore.readStreams(new Map([['plan-1', 0]]));
      await genericStore.findIdempotency('user-1', 'kp1');
      const client = await generic.connect();
      try {
        const { rows: prepared } = await client.query<{ name: string; parameters: number; custom_plans: number }>(
          'SELECT name, cardinality(parameter_types) AS parameters, custom_plans FROM pg_prepared_statements',
        );
        expect(prepared).toHaveLength(4);
        expect(prepared.map((statement) => statement.custom_plans)).toEqual([0, 0, 0, 0]);
        for (const statement of prepared) {
          const nulls = Array.from({ length: statement.parameters }, () => 'NULL').join(', ');
          const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN EXECUTE ${statement.name}(${nulls})`);
          const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
          expect(plan).not.toMatch(/Seq Scan on (events|idempotency_keys)/);
          expect(plan).not.toMatch(/Hash (Semi |Anti )?Join/);
        }
      } finally {
        client.release();
      }
    } finally {
      await generic.end();
    }
  });

  it('leaves to the transactional batch requests that share a stream version or a key, or hold reservations', () => {
    const one = { streamId: 's', expectedVersion: 0, events: [event('A')] };
    const together = (requests: AppendRequest[]) => canAppendTogether(requests.map(asMultiStream));
    expect(together([one, { ...one, streamId: 't' }])).toBe(true);
    expect(together([one, { ...one, events: [event('B')] }])).toBe(false);
    expect(
      together([
        { ...one, events: [event('A'), event('B')] },
        { ...one, expectedVersion: 1 },
      ]),
    ).toBe(false);
    const keyed = { ...one, idempotency: idempotency('same', 'h') };
    expect(together([keyed, { ...keyed, streamId: 't' }])).toBe(false);
    expect(together([{ ...one, reserve: [{ kind: 'sku', value: 'X' }] }])).toBe(false);
    expect(canAppendTogether([{ streams: [one, { ...one, streamId: 't' }] }, asMultiStream({ ...one, streamId: 't' })])).toBe(false);
  });
});

describe('reservations of values unique across streams', () => {
  it('gives a value to exactly one of two racing streams, with nothing written for the loser', async () => {
    const results = await Promise.allSettled(
      ['res-a', 'res-b'].map((streamId) =>
        store.append({ streamId, expectedVersion: 0, events: [event('Created')], reserve: [{ kind: 'sku', value: 'SKU-1' }] }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')?.reason).toBeInstanceOf(ReservationConflictError);
    const written = (await store.readStream('res-a')).length + (await store.readStream('res-b')).length;
    expect(written).toBe(1);
  });

  it('frees a released value for another stream', async () => {
    await store.append({ streamId: 'rel-a', expectedVersion: 0, events: [event('Created')], reserve: [{ kind: 'sku', value: 'R-1' }] });
    await store.append({
      streamId: 'rel-a',
      expectedVersion: 1,
      events: [event('Renamed')],
      release: [{ kind: 'sku', value: 'R-1' }],
      reserve: [{ kind: 'sku', value: 'R-2' }],
    });
    await expect(
      store.append({ streamId: 'rel-b', expectedVersion: 0, events: [event('Created')], reserve: [{ kind: 'sku', value: 'R-1' }] }),
    ).resolves.toMatchObject({ status: 'appended' });
  });
});

describe('reading all events without skipping', () => {
  it('delivers an event whose transaction commits after later ones, every event once, in one order', async () => {
    const start = (await readEverything()).checkpoint;
    const held = new Client({ connectionString: database.url });
    await held.connect();
    await held.query('BEGIN');
    await held.query(`INSERT INTO events (stream_id, stream_version, type, data) VALUES ('held', 1, 'Held', '{}')`);
    for (let n = 0; n < 5; n += 1) {
      await store.append({ streamId: `after-held-${n}`, expectedVersion: 0, events: [event('Later')] });
    }
    const whileOpen = await readEverything(start);
    expect(whileOpen.events.map((e) => e.streamId)).not.toContain('held');
    await held.query('COMMIT');
    await held.end();
    const afterCommit = await readEverything(whileOpen.checkpoint);
    const seen = [...whileOpen.events, ...afterCommit.events];
    expect(seen.map((e) => e.streamId)).toContain('held');
    expect(seen.filter((e) => e.streamId.startsWith('after-held-'))).toHaveLength(5);
    expect(new Set(seen.map((e) => e.position)).size).toBe(seen.length);
  });

  it('misses nothing while many writers commit concurrently with the reader', async () => {
    const start = (await readEverything()).checkpoint;
    const seen: StoredEvent[] = [];
    let checkpoint = start;
    let writing = true;
    const read = async () => {
      while (writing || (await readLog(pool, checkpoint, 1)).events.length > 0) {
        const page = await readLog(pool, checkpoint, 20);
        seen.push(...page.events);
        checkpoint = page.checkpoint;
      }
    };
    const reader = read();
    const writers = Array.from({ length: 200 }, (_, n) =>
      store.append({ streamId: `busy-${n % 20}-${n}`, expectedVersion: 0, events: [event('W', { n })] }),
    );
    const outcomes = await Promise.all(writers);
    writing = false;
    await reader;
    const expected = outcomes.flatMap((o) => (o.status === 'appended' ? o.positions : []));
    expect(seen.map((e) => e.position).sort((a, b) => a - b)).toEqual([...expected].sort((a, b) => a - b));
  });
});

describe('the log as evidence', () => {
  it.each([
    ['UPDATE', `UPDATE events SET type = 'Forged' WHERE position = (SELECT min(position) FROM events)`],
    ['DELETE', 'DELETE FROM events WHERE position = (SELECT min(position) FROM events)'],
    ['TRUNCATE', 'TRUNCATE events'],
  ])('refuses %s at the database level', async (_name, sql) => {
    await store.append({ streamId: `refuse-${_name}`, expectedVersion: 0, events: [event('A')] });
    const before = await pool.query('SELECT count(*) AS n FROM events');
    await expect(pool.query(sql)).rejects.toThrow(/append-only/);
    expect((await pool.query('SELECT count(*) AS n FROM events')).rows).toEqual(before.rows);
  });
});
