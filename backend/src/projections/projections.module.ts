import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import type { Pool } from 'pg';
import { DATABASE_POOL } from '../database/database.module';
import { QueryHandlers } from '../inventory/queries/handlers';
import { ALL_PROJECTIONS } from './all-projections';
import { MinPositionInterceptor } from './freshness/min-position.interceptor';
import { ProjectionFreshness } from './freshness/projection-freshness';
import { HistoryReadModel } from './history/history-read-model';
import { ItemReadModel } from './items/item-read-model';
import { LiveProjections } from './live-projections';

/**
 * The read side: live projectors keeping the read models, the inventory's query handlers over
 * them, and read-your-writes (`X-Min-Position`) for every GET.
 */
@Module({
  providers: [
    ItemReadModel,
    HistoryReadModel,
    LiveProjections,
    ...QueryHandlers,
    {
      provide: ProjectionFreshness,
      inject: [DATABASE_POOL],
      useFactory: (pool: Pool) => new ProjectionFreshness(pool, ALL_PROJECTIONS.map((projection) => projection.name)),
    },
    { provide: APP_INTERCEPTOR, useClass: MinPositionInterceptor },
  ],
  exports: [ItemReadModel, HistoryReadModel, LiveProjections, ProjectionFreshness],
})
export class ProjectionsModule {}
