import 'fake-indexeddb/auto';
import { OfflineDb } from './offline-db';
import type { NewQueuedMovement } from './queued-movement';

const movement = (key: string, userId: string): NewQueuedMovement => ({
  key,
  userId,
  queuedAt: '2026-12-03T10:00:00.000Z',
  request: { kind: 'transfer', body: { itemId: 'item-1', fromLocationId: 'a', toLocationId: 'b', quantity: 1 } },
  label: { sku: 'SKU-1', name: 'Gloves' },
});

let databases = 0;
/** A database of its own for each test. */
const freshDb = () => new OfflineDb(`ims-offline-test-${++databases}`);

describe('OfflineDb', () => {
  it("keeps each user's queue in the order it was made, across users interleaved", async () => {
    const db = freshDb();
    const made: [string, string][] = [
      ['a1', 'a'],
      ['b1', 'b'],
      ['a2', 'a'],
      ['a3', 'a'],
      ['b2', 'b'],
    ];
    for (const [key, user] of made) await db.add(movement(key, user));

    expect((await db.waiting('a')).map(({ key }) => key)).toEqual(['a1', 'a2', 'a3']);
    expect((await db.waiting('b')).map(({ key }) => key)).toEqual(['b1', 'b2']);
  });

  it('moves a refused movement out of the queue and into the refusals at once', async () => {
    const db = freshDb();
    const entry = await db.add(movement('k1', 'a'));

    await db.refuse({ ...entry, problemType: '/problems/conflict', reason: 'Archived', refusedAt: '2026-12-03T11:00:00.000Z' });

    expect(await db.waiting('a')).toEqual([]);
    expect(await db.refusals('a')).toEqual([expect.objectContaining({ key: 'k1', seq: entry.seq, reason: 'Archived' })]);
    await db.dropRefusal('k1');
    expect(await db.refusals('a')).toEqual([]);
  });

  it('says whether a removed movement was still there', async () => {
    const db = freshDb();
    const { seq } = await db.add(movement('k1', 'a'));

    expect(await db.remove(seq)).toBe(true);
    expect(await db.remove(seq)).toBe(false);
  });
});
