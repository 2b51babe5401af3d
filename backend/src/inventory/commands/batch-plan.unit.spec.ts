import { fold } from '../domain/item';
import type { ItemCommand } from '../domain/item-commands';
import { InsufficientStockError, StaleVersionError } from '../domain/item-errors';
import { MAIN_LOCATION_ID, type InventoryEvent, type ItemFields } from '../domain/item-events';
import { onlyAccepted, planBatch, type BatchPlan, type QueuedCommand } from './batch-plan';
import type { CommandContext } from './impl/command-context';

const itemId = 'a6f1a0d4-0000-4000-8000-000000000001';
const fields: ItemFields = {
  sku: 'BOLT-10',
  name: 'Bolt M10',
  description: '',
  unit: 'pcs',
  lowStockThreshold: 5,
  price: 0.25,
  reorderPoint: null,
  reorderQuantity: null,
  leadTimeDays: null,
};
const created = (quantity: number): InventoryEvent => ({
  type: 'ItemChanged',
  data: { itemId, kind: 'created', before: null, after: fields, quantity, reason: null },
});

interface Named extends QueuedCommand {
  readonly name: string;
}

const context = (key?: string, userId = 'u1'): CommandContext => ({
  user: { id: userId, username: userId },
  correlationId: 'c1',
  now: new Date('2026-01-01T00:00:00Z'),
  ...(key && { idempotency: { key, requestHash: 'h' } }),
});
const queued = (name: string, command: ItemCommand, key?: string, userId?: string): Named => ({
  name,
  command,
  context: context(key, userId),
  respond: (after) => ({ name, quantity: after.item.status === 'absent' ? null : after.item.quantity, version: after.item.version }),
});
const movement = (type: 'ReceiveStock' | 'IssueStock', quantity: number): ItemCommand => ({
  type,
  data: { itemId, movementId: `m-${quantity}`, locationId: MAIN_LOCATION_ID, quantity, reason: null, note: null },
});
const out = (name: string, quantity: number, key?: string, userId?: string) => queued(name, movement('IssueStock', quantity), key, userId);
const inn = (name: string, quantity: number, key?: string) => queued(name, movement('ReceiveStock', quantity), key);
const rename = (name: string, change: Partial<ItemFields>, expectedVersion?: number) =>
  queued(name, { type: 'UpdateItem', data: { itemId, changes: change, expectedVersion, reason: null } });

/** The plan as names: each segment's accepted commands and the followers settled after it. */
const shape = (plan: BatchPlan<Named>) => ({
  leading: plan.leading.map((entry) => `${entry.queued.name}:${entry.ok ? 'ok' : (entry.error as Error).name}`),
  segments: plan.segments.map((segment) => ({
    accepted: segment.accepted.map(({ queued }) => queued.name),
    followers: segment.followers.map((entry) => `${entry.queued.name}:${entry.ok ? 'ok' : (entry.error as Error).name}`),
  })),
  deferred: plan.deferred.map(({ name }) => name),
});

/** Given the item's events, when these commands queue together, then the plan is... */
const given = (events: readonly InventoryEvent[]) => ({
  when: (...batch: Named[]) => {
    const plan = planBatch({ item: fold(events), updatedAt: null }, batch);
    return { plan, then: (expected: ReturnType<typeof shape>) => expect(shape(plan)).toEqual(expected) };
  },
});

describe('planning a batch of commands on one item', () => {
  it('appends a command marked alone in a segment of its own', () => {
    given([created(2)])
      .when(inn('a', 1), { ...inn('b', 2), alone: true }, inn('c', 3), inn('d', 4))
      .then({
        leading: [],
        segments: [
          { accepted: ['a'], followers: [] },
          { accepted: ['b'], followers: [] },
          { accepted: ['c', 'd'], followers: [] },
        ],
        deferred: [],
      });
  });

  it('decides each command on the state the previous ones left and appends them together', () => {
    const { plan, then } = given([created(2)]).when(out('a', 1), inn('b', 5), out('c', 6));
    then({ leading: [], segments: [{ accepted: ['a', 'b', 'c'], followers: [] }], deferred: [] });
    const accepted = plan.segments[0]!.accepted;
    expect(accepted.map(({ result }) => result)).toEqual([
      { name: 'a', quantity: 1, version: 2 },
      { name: 'b', quantity: 6, version: 3 },
      { name: 'c', quantity: 0, version: 4 },
    ]);
    expect(accepted.map(({ events }) => events[0]!.data)).toMatchObject([
      { quantityBefore: 2, quantityAfter: 1 },
      { quantityBefore: 1, quantityAfter: 6 },
      { quantityBefore: 6, quantityAfter: 0 },
    ]);
    expect(onlyAccepted(plan)).toBe(true);
  });

  it('refuses on the loaded state before any append, and after an append on the state it left', () => {
    const { plan, then } = given([created(1)]).when(out('a', 2), out('b', 1), out('c', 1), inn('d', 1));
    then({
      leading: ['a:InsufficientStockError'],
      segments: [{ accepted: ['b', 'd'], followers: ['c:InsufficientStockError'] }],
      deferred: [],
    });
    const refused = plan.segments[0]!.followers[0]!;
    expect(!refused.ok && refused.error).toBeInstanceOf(InsufficientStockError);
    expect(onlyAccepted(plan)).toBe(false);
  });

  it('lets exactly the stock go when more is asked for than there is', () => {
    const batch = Array.from({ length: 30 }, (_, n) => out(`o${n}`, 1));
    const { plan } = given([created(10)]).when(...batch);
    expect(plan.segments.flatMap((segment) => segment.accepted)).toHaveLength(10);
    expect(plan.segments.flatMap((segment) => segment.followers).every((entry) => !entry.ok)).toBe(true);
    expect(plan.segments.at(-1)!.accepted.at(-1)!.after.item).toMatchObject({ quantity: 0 });
  });

  it('answers a no-op after the append it follows', () => {
    given([created(0)])
      .when(inn('a', 1), rename('b', { name: fields.name }), inn('c', 1))
      .then({
        leading: [],
        segments: [{ accepted: ['a', 'c'], followers: ['b:ok'] }],
        deferred: [],
      });
  });

  it('ends an append after a command with an idempotency key, one key per append', () => {
    given([created(5)])
      .when(out('a', 1), out('b', 1, 'k1'), out('c', 1, 'k2'), out('d', 1))
      .then({
        leading: [],
        segments: [
          { accepted: ['a', 'b'], followers: [] },
          { accepted: ['c'], followers: [] },
          { accepted: ['d'], followers: [] },
        ],
        deferred: [],
      });
  });

  it('defers a second command with the same key of the same user until the first is answered', () => {
    given([created(5)])
      .when(out('a', 1, 'k1'), out('b', 1, 'k1'), out('c', 1, 'k1', 'u2'))
      .then({
        leading: [],
        segments: [
          { accepted: ['a'], followers: [] },
          { accepted: ['c'], followers: [] },
        ],
        deferred: ['b'],
      });
  });

  it('appends a change of SKU alone, so that a taken SKU refuses that command only', () => {
    const { plan, then } = given([created(5)]).when(out('a', 1), rename('b', { sku: 'BOLT-11' }), out('c', 1));
    then({
      leading: [],
      segments: [
        { accepted: ['a'], followers: [] },
        { accepted: ['b'], followers: [] },
        { accepted: ['c'], followers: [] },
      ],
      deferred: [],
    });
    expect(plan.segments[1]!.accepted[0]!.reservations).toEqual({
      reserve: [{ kind: 'sku', value: 'BOLT-11' }],
      release: [{ kind: 'sku', value: 'BOLT-10' }],
    });
  });

  it('refuses an If-Match that an earlier command of the batch made stale', () => {
    const { plan, then } = given([created(5)]).when(rename('a', { name: 'A' }, 1), rename('b', { name: 'B' }, 1));
    then({ leading: [], segments: [{ accepted: ['a'], followers: ['b:StaleVersionError'] }], deferred: [] });
    const stale = plan.segments[0]!.followers[0]!;
    expect(!stale.ok && stale.error).toBeInstanceOf(StaleVersionError);
  });
});
