import { Module } from '@nestjs/common';
import { QueryHandlers } from './queries/handlers';
import { ActivityReadModel } from './read-models/activity-read-model';
import { ReorderReadModel } from './read-models/reorder-read-model';
import { ValuationReadModel } from './read-models/valuation-read-model';
import { ReportsController } from './reports.controller';

/**
 * Reports (issue 23): reorder suggestions, valuation at any time, activity. Answered from read models:
 * the valuation projection's timelines (registered by the app composition, backend/src/all-projections.ts)
 * and the inventory's items and history.
 */
@Module({
  controllers: [ReportsController],
  providers: [ReorderReadModel, ValuationReadModel, ActivityReadModel, ...QueryHandlers],
})
export class ReportsModule {}
