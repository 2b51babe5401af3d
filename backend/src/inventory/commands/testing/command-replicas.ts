import { randomUUID } from 'node:crypto';
import type { INestApplicationContext, Type } from '@nestjs/common';
import { CommandBus, CqrsModule } from '@nestjs/cqrs';
import { Test } from '@nestjs/testing';
import type { Pool } from 'pg';
import { DATABASE_POOL, DatabaseModule } from '../../../database/database.module';
import { EventStore } from '../../../event-store/event-store';
import { EVENT_STORE_POOL, EventStoreModule } from '../../../event-store/event-store.module';
import { MetricsModule } from '../../../metrics/metrics.module';
import { InventoryModule } from '../../inventory.module';
import type { CommandContext } from '../impl';

/** Two command sides on one database, as two API replicas have them. */
export interface CommandReplicas {
  readonly bus: CommandBus;
  readonly otherReplica: CommandBus;
  readonly pool: Pool;
  /** The event store's own connections (EventStoreModule). */
  readonly storePool: Pool;
  readonly store: EventStore;
  close(): Promise<void>;
}

/**
 * The command side of one replica, without HTTP. `others` are the features the inventory's commands
 * ask (the locations, which provide `StockLocations`); the spec passes them, as the inventory may not import them.
 */
async function replica(url: string, others: readonly Type[]): Promise<INestApplicationContext> {
  const moduleRef = await Test.createTestingModule({
    imports: [CqrsModule.forRoot(), DatabaseModule.forRoot(url), EventStoreModule, MetricsModule, InventoryModule, ...others],
  }).compile();
  moduleRef.useLogger(['error']);
  await moduleRef.init();
  return moduleRef;
}

export async function startCommandReplicas(url: string, others: readonly Type[]): Promise<CommandReplicas> {
  const apps = [await replica(url, others), await replica(url, others)] as const;
  return {
    bus: apps[0].get(CommandBus),
    otherReplica: apps[1].get(CommandBus),
    pool: apps[0].get<Pool>(DATABASE_POOL),
    storePool: apps[0].get<Pool>(EVENT_STORE_POOL),
    store: apps[0].get(EventStore),
    close: async () => {
      for (const app of apps) await app.close();
    },
  };
}

export const commandContext = (overrides: Partial<CommandContext> = {}): CommandContext => ({
  user: { id: 'user-1', username: 'alice' },
  correlationId: randomUUID(),
  now: new Date(),
  ...overrides,
});
