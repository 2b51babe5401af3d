import { Module, type DynamicModule } from '@nestjs/common';
import type { Pool } from 'pg';
import { DATABASE_POOL } from '../database';
import { MinPositionGuard } from './freshness/min-position.guard';
import { projectionConsumer, ProjectionFreshness, type ReadModelConsumer } from './freshness/projection-freshness';
import { LiveProjections, PROJECTIONS } from './live-projections';
import type { Projection } from './projection';

export interface ProjectionsSetup {
  /** Every projection, as the features register them. */
  readonly projections: readonly Projection[];
  /** The other checkpointed consumers whose tables a GET reads (users, alerts, …). */
  readonly consumers: readonly ReadModelConsumer[];
}

/**
 * The read side's runtime: the live projectors of the projections the app composition registers,
 * and the freshness that read-your-writes (`X-Min-Position`) waits on (app.factory installs its guard).
 */
@Module({})
export class ProjectionsModule {
  static register({ projections, consumers }: ProjectionsSetup): DynamicModule {
    const readModels = [...projections.map((projection) => projectionConsumer(projection.name)), ...consumers];
    return {
      module: ProjectionsModule,
      providers: [
        { provide: PROJECTIONS, useValue: projections },
        { provide: ProjectionFreshness, inject: [DATABASE_POOL], useFactory: (pool: Pool) => new ProjectionFreshness(pool, readModels) },
        MinPositionGuard,
        LiveProjections,
      ],
      exports: [LiveProjections, ProjectionFreshness, MinPositionGuard],
    };
  }
}
