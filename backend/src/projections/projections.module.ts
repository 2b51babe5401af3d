import { Module } from '@nestjs/common';
import { QueryHandlers } from '../inventory/queries/handlers';
import { FreshnessModule } from './freshness/freshness.module';
import { HistoryReadModel } from './history/history-read-model';
import { ItemReadModel } from './items/item-read-model';
import { LiveProjections } from './live-projections';

/**
 * The read side: live projectors keeping the read models, the inventory's query handlers over
 * them, and the freshness that read-your-writes (`X-Min-Position`) waits on.
 */
@Module({
  imports: [FreshnessModule],
  providers: [
    ItemReadModel,
    HistoryReadModel,
    LiveProjections,
    ...QueryHandlers,
  ],
  exports: [ItemReadModel, HistoryReadModel, LiveProjections],
})
export class ProjectionsModule {}
