import type { Pool } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../test/test-database';
import { createPool } from '../database/pool';
import { EventStore } from './event-store';
import { verifyHashChain } from './hash-chain';

let database: TestDatabase;
let pool: Pool;
let store: EventStore;

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
});

afterEach(async () => {
  await pool.end();
  await database.drop();
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

describe('the hash chain', () => {
  it('verifies an untouched log end to end', async () => {
    await expect(verifyHashChain(pool, 2)).resolves.toMatchObject({ ok: true, checked: 5 });
  });

  it('names the position of a row whose data was changed', async () => {
    const position = await positionOf('stream-1', 2);
    await behindTheBack(`UPDATE events SET data = '{"n": 999}' WHERE position = ${position}`);
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

  it('gives a head digest that changes when a stream loses its tail', async () => {
    const before = await verifyHashChain(pool);
    await behindTheBack(`DELETE FROM events WHERE stream_id = 'stream-0' AND stream_version = 3`);
    const after = await verifyHashChain(pool);
    expect(after.ok).toBe(true);
    expect(after.headDigest).not.toBe(before.headDigest);
  });
});
