import { Global, Inject, Logger, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Pool } from 'pg';
import { DATABASE_POOL, DATABASE_URL, createPool } from '../database';
import { EventStore } from './event-store';
import { ConsumerLeadership } from './consumer-leadership';
import { countFutureEvents } from './restore-repair';
import { noteCluster } from './store-epoch';
import { StoreNotifications } from './store-notifications';

export class RestoreNeedsRepairError extends Error {
  constructor(count: number) {
    super(
      `${count} stored events carry transaction ids this PostgreSQL has not reached: the database was restored ` +
        `from a logical dump into another cluster. Readers would see none of them. ` +
        `Repair with \`npm run ops -- repair-restore\`, then start again.`,
    );
    this.name = 'RestoreNeedsRepairError';
  }
}

/**
 * The event store's own connections: its every statement is an index probe in a plan made without
 * its parameters' values (event-store.int.spec), so each is planned once per connection instead of
 * at every append (a single append took 1.4 ms planned each time, 0.8 ms with its plan kept).
 */
export const EVENT_STORE_POOL = Symbol('EVENT_STORE_POOL');

/** How soon a replica takes over the consumers from one that stopped, and notices that it lost them. */
const LEADERSHIP_RETRY_MS = 1000;

@Global()
@Module({
  providers: [
    {
      provide: EVENT_STORE_POOL,
      inject: [DATABASE_URL],
      useFactory: (url: string) => createPool(url, { max: 8, applicationName: 'ims-event-store', genericPlans: true }),
    },
    { provide: EventStore, inject: [EVENT_STORE_POOL], useFactory: (pool: Pool) => new EventStore(pool) },
    {
      provide: StoreNotifications,
      inject: [DATABASE_URL],
      useFactory: (url: string) => {
        const logger = new Logger('StoreNotifications');
        return new StoreNotifications(url, (error) => logger.warn(`listener: ${error.message}`));
      },
    },
    {
      provide: ConsumerLeadership,
      inject: [DATABASE_URL],
      useFactory: (url: string) => {
        const logger = new Logger('ConsumerLeadership');
        return new ConsumerLeadership(url, LEADERSHIP_RETRY_MS, (message) => logger.log(message));
      },
    },
  ],
  exports: [EventStore, StoreNotifications, ConsumerLeadership],
})
export class EventStoreModule implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(EventStoreModule.name);

  constructor(
    @Inject(DATABASE_POOL) private readonly pool: Pool,
    @Inject(EVENT_STORE_POOL) private readonly storePool: Pool,
    private readonly notifications: StoreNotifications,
    private readonly leadership: ConsumerLeadership,
  ) {}

  async onModuleInit(): Promise<void> {
    const future = await countFutureEvents(this.pool);
    if (future > 0) throw new RestoreNeedsRepairError(future);
    const { moved } = await noteCluster(this.pool);
    if (moved) this.logger.warn('the database now runs in another cluster: store epoch renewed');
    await this.notifications.start();
    await this.leadership.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.leadership.close();
    await this.notifications.close();
    await this.storePool.end();
  }
}
