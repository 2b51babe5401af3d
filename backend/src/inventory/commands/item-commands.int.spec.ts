import type { CommandBus } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../../test/test-database';
import { IdempotencyKeyReusedError, ReservationConflictError } from '../../event-store/append-errors';
import type { EventStore } from '../../event-store/event-store';
import { InsufficientStockError, ItemArchivedError } from '../domain/item-errors';
import { itemStreamId, MAIN_LOCATION_ID, type ItemFields } from '../domain/item-events';
import { LocationsModule } from '../../locations';
import { commandContext as context, startCommandReplicas, type CommandReplicas } from './testing/command-replicas';
import { ArchiveItemCommand, CreateItemCommand, IssueStockCommand, ReceiveStockCommand, UpdateItemCommand } from './impl';

let database: TestDatabase;
let replicas: CommandReplicas;
let bus: CommandBus;
let otherReplica: CommandBus;
let pool: Pool;
let storePool: Pool;
let store: EventStore;

beforeAll(async () => {
  database = await createTestDatabase();
  replicas = await startCommandReplicas(database.url, [LocationsModule]);
  ({ bus, otherReplica, pool, storePool, store } = replicas);
});

afterAll(async () => {
  await replicas.close();
  await database.drop();
});

const fields = (sku: string): ItemFields => ({
  sku,
  name: `Item ${sku}`,
  description: '',
  unit: 'pcs',
  lowStockThreshold: 2,
  price: 1.5,
  reorderPoint: null,
  reorderQuantity: null,
  leadTimeDays: null,
});
const eventCount = async () => (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events')).rows[0]!.n;

async function newItem(quantity: number, sku = `SKU-${randomUUID().slice(0, 8)}`): Promise<string> {
  const itemId = randomUUID();
  await bus.execute(new CreateItemCommand(itemId, fields(sku), quantity, context()));
  return itemId;
}
const out = (itemId: string, quantity: number, ctx = context()) =>
  new IssueStockCommand({ itemId, movementId: randomUUID(), locationId: MAIN_LOCATION_ID, quantity, reason: null, note: null }, ctx);

describe('item commands on the command bus', () => {
  it('creates an item, moves stock and records who did it with every event', async () => {
    const itemId = await newItem(5);
    const ctx = context({ correlationId: 'corr-1' });
    const result = await bus.execute(
      new ReceiveStockCommand(
        { itemId, movementId: 'mv-1', locationId: MAIN_LOCATION_ID, quantity: 3, reason: 'delivery', note: 'n' },
        ctx,
      ),
    );
    expect(result.item).toMatchObject({ id: itemId, quantity: 8, version: 2, archived: false, lowStock: false });
    expect(result.movement).toMatchObject({ id: 'mv-1', type: 'IN', quantity: 3, quantityBefore: 5, quantityAfter: 8, user: ctx.user });
    const events = await store.readStream(itemStreamId(itemId));
    expect(events.map((e) => e.type)).toEqual(['ItemChanged', 'StockMoved']);
    expect(events[1]!.metadata).toEqual({ userId: 'user-1', username: 'alice', correlationId: 'corr-1' });
  });

  it('lets exactly 100 of 300 parallel OUT 1 succeed against 100 in stock', async () => {
    const itemId = await newItem(100);
    const results = await Promise.allSettled(Array.from({ length: 300 }, () => bus.execute(out(itemId, 1))));
    const succeeded = results.filter((r) => r.status === 'fulfilled');
    expect(succeeded).toHaveLength(100);
    expect(results.filter((r) => r.status === 'rejected' && r.reason instanceof InsufficientStockError)).toHaveLength(200);
    const quantities = (await store.readStream(itemStreamId(itemId))).map((e) => (e.data as { quantityAfter?: number }).quantityAfter);
    expect(quantities.at(-1)).toBe(0);
  });

  it('keeps stock from going negative when two processes issue from one item at once', async () => {
    const itemId = await newItem(60);
    const results = await Promise.allSettled(Array.from({ length: 120 }, (_, n) => (n % 2 ? otherReplica : bus).execute(out(itemId, 1))));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(60);
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(failures.filter((r) => !(r.reason instanceof InsufficientStockError)).map((r) => String(r.reason))).toEqual([]);
    expect((await store.readStream(itemStreamId(itemId))).length).toBe(61);
  });

  it('catches up with changes another process made to a cached item', async () => {
    const itemId = await newItem(10);
    await bus.execute(out(itemId, 1));
    await otherReplica.execute(out(itemId, 4));
    const result = await bus.execute(out(itemId, 5));
    expect(result.item).toMatchObject({ quantity: 0, version: 4 });
  });

  it('moves many items through both processes in turn, each command decided again on the state the other left', async () => {
    const items = await Promise.all(Array.from({ length: 12 }, () => newItem(50)));
    for (let round = 0; round < 4; round += 1) {
      const replica = round % 2 ? otherReplica : bus;
      await Promise.all(items.map((itemId) => replica.execute(out(itemId, 1))));
    }
    const quantities = await Promise.all(
      items.map(
        async (itemId) => ((await store.readStream(itemStreamId(itemId))).at(-1)?.data as { quantityAfter?: number }).quantityAfter,
      ),
    );
    expect(quantities).toEqual(items.map(() => 46));
  });

  it('reads the stream again before refusing on a cached item another process has moved on from', async () => {
    const itemId = await newItem(1);
    await bus.execute(out(itemId, 1));
    await otherReplica.execute(
      new ReceiveStockCommand(
        { itemId, movementId: randomUUID(), locationId: MAIN_LOCATION_ID, quantity: 5, reason: null, note: null },
        context(),
      ),
    );
    const result = await bus.execute(out(itemId, 3));
    expect(result.item).toMatchObject({ quantity: 2, version: 4 });
  });

  it('reads the stream again before answering a no-op on a cached item another process has changed', async () => {
    const itemId = await newItem(0, 'NOOP-1');
    await otherReplica.execute(new UpdateItemCommand(itemId, { name: 'Renamed' }, undefined, null, context()));
    const result = await bus.execute(new UpdateItemCommand(itemId, { name: 'Item NOOP-1' }, undefined, null, context()));
    expect(result).toMatchObject({ name: 'Item NOOP-1', version: 3 });
    expect((await store.readStream(itemStreamId(itemId))).length).toBe(3);
  });

  it('answers a retried command with its first result and appends nothing new', async () => {
    const itemId = await newItem(1);
    const ctx = context({ idempotency: { key: 'retry-1', requestHash: 'h1' } });
    const first = await bus.execute(out(itemId, 1, ctx));
    const before = await eventCount();
    // The first OUT emptied the item: deciding again would refuse, the stored answer must win.
    const again = await bus.execute(out(itemId, 1, { ...ctx, now: new Date(Date.now() + 1000) }));
    expect(again).toEqual(first);
    expect(await eventCount()).toBe(before);
  });

  it('answers a retry that would be accepted again with its first result, from the claim of its key in the append', async () => {
    const itemId = await newItem(1);
    const ctx = context({ idempotency: { key: 'retry-in', requestHash: 'h-in' } });
    const receive = () =>
      new ReceiveStockCommand(
        { itemId, movementId: randomUUID(), locationId: MAIN_LOCATION_ID, quantity: 2, reason: null, note: null },
        ctx,
      );
    const first = await bus.execute(receive());
    const before = await eventCount();
    expect(await bus.execute(receive())).toEqual(first);
    expect(await otherReplica.execute(receive())).toEqual(first);
    expect(await eventCount()).toBe(before);
  });

  it('answers a retry that would now be a no-op with its first result, not with the state since', async () => {
    const itemId = await newItem(1, 'NOOP-RETRY');
    const rename = () =>
      new UpdateItemCommand(
        itemId,
        { name: 'Renamed once' },
        undefined,
        null,
        context({ idempotency: { key: 'rename-1', requestHash: 'r' } }),
      );
    const first = await bus.execute(rename());
    await bus.execute(out(itemId, 1));
    // The item already has that name, so deciding again changes nothing: only the stored answer has the stock it had then.
    expect(await bus.execute(rename())).toEqual(first);
    expect(first).toMatchObject({ name: 'Renamed once', quantity: 1, version: 2 });
  });

  it('takes no round trip for a new key besides the append that records it', async () => {
    const itemId = await newItem(5);
    const checkouts = async (ctx = context()) => {
      let count = 0;
      const counted = () => (count += 1);
      for (const connections of [pool, storePool]) connections.on('acquire', counted);
      try {
        await bus.execute(out(itemId, 1, ctx));
      } finally {
        for (const connections of [pool, storePool]) connections.off('acquire', counted);
      }
      return count;
    };
    const plain = await checkouts();
    expect(await checkouts(context({ idempotency: { key: `new-key-${itemId}`, requestHash: 'n' } }))).toBe(plain);
    expect(plain).toBe(1);
  });

  it('answers concurrent retries of one command once', async () => {
    const itemId = await newItem(5);
    const ctx = context({ idempotency: { key: 'retry-2', requestHash: 'h2' } });
    const results = await Promise.all([bus.execute(out(itemId, 2, ctx)), otherReplica.execute(out(itemId, 2, ctx))]);
    expect(results[1]).toEqual(results[0]);
    expect((await store.readStream(itemStreamId(itemId))).length).toBe(2);
  });

  it('refuses an idempotency key reused for another request', async () => {
    const itemId = await newItem(5);
    await bus.execute(out(itemId, 1, context({ idempotency: { key: 'reuse-1', requestHash: 'a' } })));
    const before = await eventCount();
    await expect(bus.execute(out(itemId, 2, context({ idempotency: { key: 'reuse-1', requestHash: 'b' } })))).rejects.toBeInstanceOf(
      IdempotencyKeyReusedError,
    );
    expect(await eventCount()).toBe(before);
  });

  it('scopes idempotency keys to the user', async () => {
    const itemId = await newItem(5);
    await bus.execute(out(itemId, 1, context({ idempotency: { key: 'shared-key', requestHash: 'a' } })));
    const other = await bus.execute(
      out(itemId, 1, context({ user: { id: 'user-2', username: 'bob' }, idempotency: { key: 'shared-key', requestHash: 'a' } })),
    );
    expect(other.item.quantity).toBe(3);
  });

  it('lets one of two items racing for one SKU have it', async () => {
    const results = await Promise.allSettled([
      bus.execute(new CreateItemCommand(randomUUID(), fields('RACE-1'), 0, context())),
      otherReplica.execute(new CreateItemCommand(randomUUID(), fields('race-1'), 0, context())),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')?.reason).toBeInstanceOf(ReservationConflictError);
  });

  it("frees the old SKU when an item changes SKU, and keeps an archived item's SKU", async () => {
    const itemId = await newItem(0, 'MOVE-A');
    await bus.execute(new UpdateItemCommand(itemId, { sku: 'MOVE-B' }, undefined, null, context()));
    await expect(newItem(0, 'move-a')).resolves.toBeTypeOf('string');
    await expect(newItem(0, 'MOVE-B')).rejects.toBeInstanceOf(ReservationConflictError);
    await bus.execute(new ArchiveItemCommand(itemId, null, context()));
    await expect(newItem(0, 'MOVE-B')).rejects.toBeInstanceOf(ReservationConflictError);
  });

  it('refuses movements on an archived item', async () => {
    const itemId = await newItem(3);
    await bus.execute(new ArchiveItemCommand(itemId, 'discontinued', context()));
    await expect(bus.execute(out(itemId, 1))).rejects.toBeInstanceOf(ItemArchivedError);
  });

  it('goes on handling commands after one fails', async () => {
    const itemId = await newItem(1);
    await expect(bus.execute(out(itemId, 5))).rejects.toBeInstanceOf(InsufficientStockError);
    await expect(bus.execute(out(itemId, 1))).resolves.toMatchObject({ item: { quantity: 0 } });
  });
});
