import { Global, Inject, Logger, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Pool } from 'pg';
import { DATABASE_POOL, DATABASE_URL } from '../database';
import { EventStore } from './event-store';
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

@Global()
@Module({
  providers: [
    { provide: EventStore, inject: [DATABASE_POOL], useFactory: (pool: Pool) => new EventStore(pool) },
    {
      provide: StoreNotifications,
      inject: [DATABASE_URL],
      useFactory: (url: string) => {
        const logger = new Logger('StoreNotifications');
        return new StoreNotifications(url, (error) => logger.warn(`listener: ${error.message}`));
      },
    },
  ],
  exports: [EventStore, StoreNotifications],
})
export class EventStoreModule implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(EventStoreModule.name);

  constructor(
    @Inject(DATABASE_POOL) private readonly pool: Pool,
    private readonly notifications: StoreNotifications,
  ) {}

  async onModuleInit(): Promise<void> {
    const future = await countFutureEvents(this.pool);
    if (future > 0) throw new RestoreNeedsRepairError(future);
    const { moved } = await noteCluster(this.pool);
    if (moved) this.logger.warn('the database now runs in another cluster: store epoch renewed');
    await this.notifications.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.notifications.close();
  }
}
