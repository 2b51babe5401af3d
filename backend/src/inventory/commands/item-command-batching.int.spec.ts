import type { CommandBus } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../../test/test-database';
import { IdempotencyKeyReusedError, ReservationConflictError } from '../../event-store/append-errors';
import type { EventStore } from '../../event-store/event-store';
import { InsufficientStockError, StaleVersionError } from '../domain/item-errors';
import { itemStreamId, MAIN_LOCATION_ID, type ItemFields, type StockMovedData } from '../domain/item-events';
import { LocationsModule } from '../../locations';
import { commandContext as context, startCommandReplicas, type CommandReplicas } from './testing/command-replicas';
import type { MovementResult } from './answers';
import { CreateItemCommand, IssueStockCommand, ReceiveStockCommand, UpdateItemCommand } from './impl';

let database: TestDatabase;
let replicas: CommandReplicas;
let bus: CommandBus;
let otherReplica: CommandBus;
let pool: Pool;
let store: EventStore;

beforeAll(async () => {
  database = await createTestDatabase();
  replicas = await startCommandReplicas(database.url, [LocationsModule]);
  ({ bus, otherReplica, pool, store } = replicas);
});

afterAll(async () => {
  await replicas.close();
  await database.drop();
});

const sku = () => `SKU-${randomUUID().slice(0, 8)}`;
const fields = (value: string): ItemFields => ({
  sku: value,
  name: `Item ${value}`,
  description: '',
  unit: 'pcs',
  lowStockThreshold: 2,
  price: 1.5,
  reorderPoint: null,
  reorderQuantity: null,
  leadTimeDays: null,
});
const movement = (itemId: string, quantity: number) => ({
  itemId,
  movementId: randomUUID(),
  locationId: MAIN_LOCATION_ID,
  quantity,
  reason: null,
  note: null,
});
const out = (itemId: string, quantity: number, ctx = context()) => new IssueStockCommand(movement(itemId, quantity), ctx);
const receive = (itemId: string, quantity: number, ctx = context()) => new ReceiveStockCommand(movement(itemId, quantity), ctx);

async function newItem(quantity: number, value = sku()): Promise<string> {
  const itemId = randomUUID();
  await bus.execute(new CreateItemCommand(itemId, fields(value), quantity, context()));
  return itemId;
}

const movements = async (itemId: string) =>
  (await store.readStream(itemStreamId(itemId))).filter((e) => e.type === 'StockMoved').map((e) => e.data as StockMovedData);
const transactionsOf = async (itemId: string) =>
  (
    await pool.query<{ n: number }>('SELECT count(DISTINCT transaction_id)::int AS n FROM events WHERE stream_id = $1', [
      itemStreamId(itemId),
    ])
  ).rows[0]!.n;

/**
 * Sends `first`, then the rest in the same tick: the rest queue while the first is appending, so
 * they are decided as one batch.
 */
async function behind(first: Promise<unknown>, rest: () => Promise<unknown>[]): Promise<PromiseSettledResult<unknown>[]> {
  return (await Promise.allSettled([first, ...rest()])).slice(1);
}

describe('commands on one item decided and appended together', () => {
  it('appends 100 concurrent movements in a few transactions, each answer matching the stream', async () => {
    const itemId = await newItem(0);
    const results: MovementResult[] = await Promise.all(Array.from({ length: 100 }, (_, n) => bus.execute(receive(itemId, n + 1))));
    const stream = await store.readStream(itemStreamId(itemId));
    expect(stream.map((e) => e.streamVersion)).toEqual(Array.from({ length: 101 }, (_, n) => n + 1));
    expect(results.map((r) => r.item.version).sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, n) => n + 2));
    const byMovement = new Map((await movements(itemId)).map((m) => [m.movementId, m]));
    for (const result of results) {
      expect(byMovement.get(result.movement.id)).toMatchObject({
        quantityBefore: result.movement.quantityBefore,
        quantityAfter: result.item.quantity,
      });
    }
    expect(Math.max(...results.map((r) => r.item.quantity))).toBe(5050);
    expect(await transactionsOf(itemId)).toBeLessThan(10);
  });

  it('chains every quantity and never goes below zero when two processes batch against each other', async () => {
    const itemId = await newItem(50);
    const results = await Promise.allSettled(
      Array.from({ length: 240 }, (_, n) => (n % 2 ? otherReplica : bus).execute(n % 3 === 0 ? receive(itemId, 1) : out(itemId, 1))),
    );
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(failures.filter((r) => !(r.reason instanceof InsufficientStockError)).map((r) => String(r.reason))).toEqual([]);
    const moved = await movements(itemId);
    expect(moved).toHaveLength(results.length - failures.length);
    let quantity = 50;
    for (const m of moved) {
      expect(m.quantityBefore).toBe(quantity);
      quantity = m.quantityAfter;
      expect(quantity).toBeGreaterThanOrEqual(0);
    }
  });

  it('answers a key sent twice in one batch once, and appends the rest of the batch', async () => {
    const itemId = await newItem(10);
    const keyed = context({ idempotency: { key: `twice-${itemId}`, requestHash: 'h' } });
    const command = out(itemId, 2, keyed);
    const results = await behind(bus.execute(out(itemId, 1)), () => [
      bus.execute(command),
      bus.execute(out(itemId, 1)),
      bus.execute(command),
      bus.execute(out(itemId, 1)),
    ]);
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    const [first, , again] = results.map((r) => (r as PromiseFulfilledResult<MovementResult>).value);
    expect(again).toEqual(first);
    expect(await movements(itemId)).toHaveLength(4);
    expect((await store.readStream(itemStreamId(itemId))).at(-1)!.data).toMatchObject({ quantityAfter: 5 });
  });

  it('refuses a key reused for another request within one batch and writes nothing for it', async () => {
    const itemId = await newItem(10);
    const key = `reused-${itemId}`;
    const results = await behind(bus.execute(out(itemId, 1)), () => [
      bus.execute(out(itemId, 2, context({ idempotency: { key, requestHash: 'a' } }))),
      bus.execute(out(itemId, 3, context({ idempotency: { key, requestHash: 'b' } }))),
      bus.execute(out(itemId, 1)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(IdempotencyKeyReusedError);
    expect((await movements(itemId)).map((m) => m.quantity)).toEqual([1, 2, 1]);
  });

  it('refuses a command the store cannot write to that command only, and appends the rest of its batch', async () => {
    const itemId = await newItem(0);
    // PostgreSQL jsonb cannot hold U+0000: the append of this command fails with a database error, not a conflict.
    const unwritable = new ReceiveStockCommand({ ...movement(itemId, 100), reason: 'bad\u0000text' }, context());
    const results = await behind(bus.execute(receive(itemId, 1)), () => [
      bus.execute(receive(itemId, 2)),
      bus.execute(unwritable),
      bus.execute(receive(itemId, 3)),
      bus.execute(receive(itemId, 4)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    const moved = await movements(itemId);
    expect(moved.map((m) => m.quantityAfter - m.quantityBefore).sort((a, b) => a - b)).toEqual([1, 2, 3, 4]);
    expect(moved.at(-1)!.quantityAfter).toBe(10);
  });

  it('refuses a taken SKU to that command only, and moves the stock queued with it', async () => {
    const taken = sku();
    await newItem(0, taken);
    const itemId = await newItem(5);
    const results = await behind(bus.execute(out(itemId, 1)), () => [
      bus.execute(receive(itemId, 2)),
      bus.execute(new UpdateItemCommand(itemId, { sku: taken.toLowerCase() }, undefined, null, context())),
      bus.execute(out(itemId, 3)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(ReservationConflictError);
    expect((await store.readStream(itemStreamId(itemId))).map((e) => e.type)).toEqual([
      'ItemChanged',
      'StockMoved',
      'StockMoved',
      'StockMoved',
    ]);
  });

  it('moves an item to a new SKU between movements of one batch, freeing the old one', async () => {
    const before = sku();
    const after = sku();
    const itemId = await newItem(5, before);
    const results = await behind(bus.execute(out(itemId, 1)), () => [
      bus.execute(receive(itemId, 2)),
      bus.execute(new UpdateItemCommand(itemId, { sku: after }, undefined, null, context())),
      bus.execute(out(itemId, 3)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    await expect(newItem(0, after)).rejects.toBeInstanceOf(ReservationConflictError);
    await expect(newItem(0, before)).resolves.toBeTypeOf('string');
  });

  it('refuses an If-Match made stale by an update earlier in the same batch', async () => {
    const itemId = await newItem(5);
    const results = await behind(bus.execute(receive(itemId, 1)), () => [
      bus.execute(new UpdateItemCommand(itemId, { name: 'First' }, 2, null, context())),
      bus.execute(new UpdateItemCommand(itemId, { name: 'Second' }, 2, null, context())),
    ]);
    expect(results[0]).toMatchObject({ status: 'fulfilled', value: { name: 'First', version: 3 } });
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(StaleVersionError);
    expect(await store.readStream(itemStreamId(itemId))).toHaveLength(3);
  });
});
