import { Module } from '@nestjs/common';
import type { Pool } from 'pg';
import { DATABASE_POOL } from '../../database/database.module';
import { MinPositionGuard } from './min-position.guard';
import { ProjectionFreshness } from './projection-freshness';
import { READ_MODEL_CONSUMERS } from './read-model-consumers';

/** Read-your-writes: how far every read model has applied the log, and the guard that waits for a position (app.factory installs it). */
@Module({
  providers: [
    {
      provide: ProjectionFreshness,
      inject: [DATABASE_POOL],
      useFactory: (pool: Pool) => new ProjectionFreshness(pool, READ_MODEL_CONSUMERS),
    },
    MinPositionGuard,
  ],
  exports: [ProjectionFreshness, MinPositionGuard],
})
export class FreshnessModule {}
