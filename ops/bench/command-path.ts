import { randomUUID } from 'node:crypto';
import { createPool } from '../../backend/src/database/pool';
import { EventStore } from '../../backend/src/event-store/event-store';
import { itemAnswer, movementAnswer } from '../../backend/src/inventory/commands/answers';
import type { CommandContext } from '../../backend/src/inventory/commands/impl/command-context';
import { ItemCommandRunner } from '../../backend/src/inventory/commands/item-command-runner';
import { MAIN_LOCATION_ID } from '../../backend/src/inventory/domain/item-events';
import { ConsumerLag } from '../../backend/src/metrics/consumer-lag';
import { Metrics } from '../../backend/src/metrics/metrics';
import { inParallel, timed } from './bench-database';
import { present } from './present';

const ITEMS = 2_000;
const PER_CALLER = 100;

export interface CommandPathRates {
  readonly distinct: number;
  readonly hot: number;
}

const context = (): CommandContext => ({ user: { id: 'bench', username: 'bench' }, correlationId: randomUUID(), now: new Date() });

/**
 * Stock movements per second through the command side alone (ItemCommandRunner deciding and the
 * event store appending, in this process, no HTTP), `callers` at a time, each waiting for its
 * answer before sending the next: on distinct items and on one hot item.
 */
export async function commandPathRates(url: string, callers: number): Promise<CommandPathRates> {
  const pool = createPool(url, { max: 20 });
  // As the app gives the event store connections of its own (EventStoreModule).
  const storePool = createPool(url, { max: 8, genericPlans: true });
  const store = new EventStore(storePool);
  const runner = new ItemCommandRunner(store, new Metrics(pool, new ConsumerLag(pool, store)));
  try {
    const itemIds = Array.from({ length: ITEMS }, () => randomUUID());
    await inParallel(callers, Math.ceil(ITEMS / callers), async (caller, n) => {
      const itemId = itemIds[caller * Math.ceil(ITEMS / callers) + n];
      if (!itemId) return;
      const fields = {
        sku: `PATH-${itemId}`,
        name: 'Bench item',
        description: '',
        unit: 'pcs',
        lowStockThreshold: 0,
        price: null,
        reorderPoint: null,
        reorderQuantity: null,
        leadTimeDays: null,
      };
      await runner.run({ type: 'CreateItem', data: { itemId, fields, quantity: 1_000_000 } }, context(), itemAnswer);
    });
    const move = async (itemId: string, n: number) => {
      const ctx = context();
      const data = { itemId, movementId: randomUUID(), locationId: MAIN_LOCATION_ID, quantity: 1, reason: null, note: null };
      await runner.run({ type: n % 2 === 0 ? 'ReceiveStock' : 'IssueStock', data }, ctx, movementAnswer(ctx));
    };
    const rate = (itemOf: (caller: number, n: number) => string) =>
      timed(async () => {
        await inParallel(callers, PER_CALLER, (caller, n) => move(itemOf(caller, n), n));
        return callers * PER_CALLER;
      });
    const distinct = await rate((caller, n) => present(itemIds[(caller * PER_CALLER + n) % ITEMS], 'item id'));
    const hot = await rate(() => present(itemIds[0], 'hot item id'));
    return { distinct: distinct.perSecond, hot: hot.perSecond };
  } finally {
    await Promise.all([pool.end(), storePool.end()]);
  }
}
