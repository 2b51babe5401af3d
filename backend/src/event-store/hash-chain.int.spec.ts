import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pool } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database';
import { createPool } from '../database/pool';
import { CANONICAL_COLUMNS, eventHash, type CanonicalRow } from './canonical-event';
import { asMultiStream } from './append-plan';
import { advanceAnchor, readAnchor } from './chain-anchor';
import { verifyHashChain } from './chain-verification';
import { EventStore } from './event-store';
import { GroupCommit } from './group-commit';
import { GENESIS, walkChain } from './hash-chain';

let database: TestDatabase;
let pool: Pool;
let store: EventStore;
let anchorDir: string;
let anchorFile: string;

beforeEach(async () => {
  database = await createTestDatabase();
  pool = createPool(database.url);
  store = new EventStore(pool);
  for (let n = 0; n < 5; n += 1) {
    await store.append({
      streamId: `stream-${n % 2}`,
      expectedVersion: Math.floor(n / 2),
      events: [{ type: 'Counted', data: { n }, metadata: { userId: 'auditor' } }],
    });
  }
  anchorDir = await mkdtemp(join(tmpdir(), 'ims-anchor-'));
  anchorFile = join(anchorDir, 'chain-anchor.json');
});

afterEach(async () => {
  await pool.end();
  await database.drop();
  await rm(anchorDir, { recursive: true, force: true });
});

/** What someone with superuser rights could do behind the application's back. */
async function behindTheBack(sql: string): Promise<void> {
  await pool.query('ALTER TABLE events DISABLE TRIGGER events_refuse_update_delete');
  await pool.query(sql);
  await pool.query('ALTER TABLE events ENABLE TRIGGER events_refuse_update_delete');
}

const positionOf = async (streamId: string, version: number) =>
  (await pool.query<{ position: number }>('SELECT position FROM events WHERE stream_id = $1 AND stream_version = $2', [streamId, version]))
    .rows[0]!.position;

const headPosition = async () => (await pool.query<{ max: number }>('SELECT max(position) AS max FROM events')).rows[0]!.max;

describe('the canonical bytes', () => {
  it("hash in Node to what the append's statement, the row trigger and ims_event_hash store, for rows of every kind of content", async () => {
    const awkward = [
      { data: { 'ü-key': 'naïve 😀 text', quote: '"\\\u001f', nested: { b: [1, 2.5, -0.0, 1e21, null], a: true } }, metadata: {} },
      { data: { amount: 12.34, big: 12345678901234567000, tiny: 1e-7 }, metadata: { userId: 'ünïcode', reason: '' } },
      { data: [], metadata: { correlationId: 'c'.repeat(300), nested: { z: 1, aa: 2, b: 3 } } },
      { data: 'a bare string', metadata: { idempotencyKey: 'k' } },
    ];
    await store.append({ streamId: 'awkward', expectedVersion: 0, events: awkward.map((event) => ({ type: 'Odd Type ✓', ...event })) });
    await pool.query(
      `INSERT INTO events (stream_id, stream_version, type, data, recorded_at) VALUES ('late', 1, 'T', '{"x": 1.50, "y": 1E+3, "z": "tab\\t"}', '1999-12-31 23:59:59.999999+05:30')`,
    );

    const { rows } = await pool.query<CanonicalRow & { hash: Buffer; previous: Buffer | null; from_function: Buffer }>(
      `SELECT ${CANONICAL_COLUMNS}, e.hash, p.hash AS previous,
              ims_event_hash(p.hash, e.stream_id, e.stream_version, e.event_id, e.type, e.data, e.metadata, e.recorded_at) AS from_function
         FROM events e LEFT JOIN events p ON p.stream_id = e.stream_id AND p.stream_version = e.stream_version - 1
        ORDER BY e.position`,
    );
    expect(rows).toHaveLength(10);
    for (const row of rows) {
      expect(eventHash(row.previous, row).toString('hex'), row.data).toBe(row.hash.toString('hex'));
      expect(row.from_function.toString('hex')).toBe(row.hash.toString('hex'));
    }
  });
});

describe('the hash chain', () => {
  it('verifies an untouched log end to end', async () => {
    await expect(verifyHashChain(pool, { batchSize: 2 })).resolves.toMatchObject({
      ok: true,
      checked: 5,
      head: { position: await headPosition(), events: 5 },
    });
  });

  it('names the position of a row whose data was changed', async () => {
    const position = await positionOf('stream-1', 2);
    await behindTheBack(`UPDATE events SET data = '{"n": 999}' WHERE position = ${position}`);
    await expect(verifyHashChain(pool)).resolves.toMatchObject({ ok: false, firstBadPosition: position });
  });

  it('names the forged row even when a privileged role has replaced ims_event_hash to vouch for it', async () => {
    const position = await positionOf('stream-0', 2);
    await pool.query(`
      CREATE OR REPLACE FUNCTION ims_event_hash(
        previous bytea, stream_id text, stream_version integer, event_id uuid,
        type text, data jsonb, metadata jsonb, recorded_at timestamptz
      ) RETURNS bytea LANGUAGE sql STABLE AS $$ SELECT e.hash FROM events e WHERE e.event_id = $4 $$`);
    await behindTheBack(`UPDATE events SET data = '{"n": 1000}' WHERE position = ${position}`);
    await expect(verifyHashChain(pool)).resolves.toMatchObject({ ok: false, firstBadPosition: position });
  });

  it('names the successor of a row that was changed and re-hashed', async () => {
    const changed = await positionOf('stream-0', 1);
    await behindTheBack(
      `UPDATE events SET metadata = '{"userId":"someone-else"}',
              hash = ims_event_hash(NULL, stream_id, stream_version, event_id, type, data, '{"userId":"someone-else"}', recorded_at)
        WHERE position = ${changed}`,
    );
    await expect(verifyHashChain(pool)).resolves.toMatchObject({ ok: false, firstBadPosition: await positionOf('stream-0', 2) });
  });

  it('names the successor of a deleted row', async () => {
    const successor = await positionOf('stream-0', 3);
    await behindTheBack(`DELETE FROM events WHERE stream_id = 'stream-0' AND stream_version = 2`);
    await expect(verifyHashChain(pool)).resolves.toMatchObject({ ok: false, firstBadPosition: successor });
  });

  it("gives a log digest that changes when a stream's last event is removed, though every chain stays intact", async () => {
    const before = await verifyHashChain(pool);
    await behindTheBack(`DELETE FROM events WHERE stream_id = 'stream-1' AND stream_version = 2`);
    const after = await verifyHashChain(pool);
    expect(after.ok).toBe(true);
    expect(after.head.position).toBe(before.head.position);
    expect(after.head.digest).not.toBe(before.head.digest);
  });

  it('keeps a hash an insert brings, and names its row when that hash is wrong', async () => {
    await pool.query(
      `INSERT INTO events (stream_id, stream_version, type, data, hash) VALUES ('stream-0', 4, 'Forged', '{}', sha256('x'))`,
    );
    const forged = await positionOf('stream-0', 4);
    const { rows } = await pool.query<{ kept: boolean }>(`SELECT hash = sha256('x') AS kept FROM events WHERE position = $1`, [forged]);
    expect(rows).toEqual([{ kept: true }]);
    await expect(verifyHashChain(pool)).resolves.toMatchObject({ ok: false, firstBadPosition: forged });
  });

  it('extends a walk from any head to the digest a walk from the first event gives', async () => {
    const whole = await walkChain(pool, GENESIS);
    const part = await walkChain(pool, GENESIS, { upTo: await positionOf('stream-0', 2) });
    expect(await walkChain(pool, part.head, { batchSize: 1 })).toMatchObject({ head: whole.head, checked: 5 - part.checked });
  });
});

describe('the chain an append statement computes', () => {
  it('runs through the rows of several requests on one stream, and from the stored predecessor of another', async () => {
    const counted = (n: number) => ({ type: 'Counted', data: { n }, metadata: { userId: 'auditor' } });
    const commit = new GroupCommit(pool, { maxBatch: 50, concurrency: 1, soloEvents: 100 });
    // The one slot is busy: the requests below queue up and share the next statement.
    const first = commit.append(asMultiStream({ streamId: 'busy', expectedVersion: 0, events: [counted(5)] }));
    const together = await Promise.all([
      commit.append({ streams: [{ streamId: 'shared', expectedVersion: 0, events: [counted(6), counted(7)] }] }),
      commit.append({ streams: [{ streamId: 'stream-0', expectedVersion: 3, events: [counted(8)] }] }),
      commit.append({ streams: [{ streamId: 'shared', expectedVersion: 2, events: [counted(9)] }] }),
    ]);
    await first;
    const positions = together.flatMap((outcome) => (outcome.status === 'appended' ? outcome.streams.flatMap((s) => s.positions) : []));
    const { rows } = await pool.query<{ transactions: number }>(
      'SELECT count(DISTINCT transaction_id)::int AS transactions FROM events WHERE position = ANY($1::bigint[])',
      [positions],
    );
    expect({ positions: positions.length, ...rows[0] }).toEqual({ positions: 4, transactions: 1 });
    await expect(verifyHashChain(pool)).resolves.toMatchObject({ ok: true, checked: 10 });
  });
});

describe('the chain anchor', () => {
  it('fails verification when the tail of the log was deleted, saying what the anchor records and what is missing', async () => {
    const head = await headPosition();
    const { anchor } = await advanceAnchor(pool, anchorFile, head);
    expect(anchor).toMatchObject({ position: head, events: 5 });
    expect(await verifyHashChain(pool, { anchorFile })).toMatchObject({ ok: true, anchor: { intact: true, missing: 0 } });

    await behindTheBack(`DELETE FROM events WHERE position = ${head}`);
    const verdict = await verifyHashChain(pool, { anchorFile });
    expect(verdict).toMatchObject({ ok: false, checked: 4, anchor: { intact: false, missing: 1 } });
    expect(verdict.firstBadPosition).toBeUndefined();
    expect(verdict.anchor?.message).toBe(
      `the log ends at position ${verdict.head.position} but the anchor records position ${head} with digest ${anchor!.digest} ` +
        `(5 events, written ${anchor!.writtenAt}): 1 event is missing`,
    );
  });

  it("fails verification when a stream's last event below the anchor was deleted", async () => {
    await advanceAnchor(pool, anchorFile, await headPosition());
    const removed = await positionOf('stream-1', 2);
    await behindTheBack(`DELETE FROM events WHERE position = ${removed}`);
    expect(await verifyHashChain(pool, { anchorFile })).toMatchObject({ ok: false, anchor: { intact: false, missing: 1 } });
  });

  it('moves only forward, over recomputed hashes, and never past a log that lost anchored events', async () => {
    const first = await advanceAnchor(pool, anchorFile, await positionOf('stream-0', 2));
    expect(first).toMatchObject({ moved: true, anchor: { events: 3 } });
    await store.append({ streamId: 'stream-9', expectedVersion: 0, events: [{ type: 'Counted', data: {} }] });
    const second = await advanceAnchor(pool, anchorFile, await headPosition(), first.anchor);
    expect(second).toMatchObject({ moved: true, anchor: { position: await headPosition(), events: 6 } });
    expect(second.anchor?.digest).toBe((await walkChain(pool, GENESIS)).head.digest);
    expect(await advanceAnchor(pool, anchorFile, 1, second.anchor)).toEqual({ moved: false, anchor: await readAnchor(anchorFile) });

    await behindTheBack(`DELETE FROM events WHERE position = ${await headPosition()}`);
    await store.append({ streamId: 'stream-8', expectedVersion: 0, events: [{ type: 'Counted', data: {} }] });
    expect(await advanceAnchor(pool, anchorFile, await headPosition(), second.anchor)).toEqual({
      moved: false,
      anchor: second.anchor,
      refused: `the log no longer holds the 6 events anchored up to position ${second.anchor!.position}`,
    });
  });

  it('stays whole when replicas sharing its file move it at once', async () => {
    const head = await headPosition();
    for (let round = 0; round < 10; round += 1) {
      await rm(anchorFile, { force: true });
      const moves = await Promise.all([advanceAnchor(pool, anchorFile, head), advanceAnchor(pool, anchorFile, head)]);
      expect(moves.some((move) => move.moved)).toBe(true);
      expect(await readAnchor(anchorFile)).toMatchObject({ position: head, events: 5 });
    }
    expect(await readdir(anchorDir)).toEqual(['chain-anchor.json']);
  });

  it('is not moved past a broken event', async () => {
    const position = await positionOf('stream-1', 1);
    await behindTheBack(`UPDATE events SET data = '{"n": 7}' WHERE position = ${position}`);
    expect(await advanceAnchor(pool, anchorFile, await headPosition())).toEqual({
      moved: false,
      anchor: undefined,
      refused: `the hash chain is broken at position ${position}`,
    });
    expect(await readAnchor(anchorFile)).toBeUndefined();
  });
});
