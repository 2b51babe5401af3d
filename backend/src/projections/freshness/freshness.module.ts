import { Module } from '@nestjs/common';
import type { Pool } from 'pg';
import { DATABASE_POOL } from '../../database/database.module';
import { ALL_PROJECTIONS } from '../all-projections';
import { MinPositionGuard } from './min-position.guard';
import { ProjectionFreshness } from './projection-freshness';

/** Read-your-writes: how far every projection has applied the log, and the guard that waits for a position. */
@Module({
  providers: [
    {
      provide: ProjectionFreshness,
      inject: [DATABASE_POOL],
      useFactory: (pool: Pool) => new ProjectionFreshness(pool, ALL_PROJECTIONS.map((projection) => projection.name)),
    },
    MinPositionGuard,
  ],
  exports: [ProjectionFreshness, MinPositionGuard],
})
export class FreshnessModule {}
