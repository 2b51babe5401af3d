import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { checkRange, type Activity } from '../../domain/activity';
import { reorderLine } from '../../domain/reorder';
import type { Valuation } from '../../domain/valuation';
import { ActivityReadModel } from '../../read-models/activity-read-model';
import { ReorderReadModel } from '../../read-models/reorder-read-model';
import { ValuationReadModel } from '../../read-models/valuation-read-model';
import { GetActivityQuery, GetReorderReportQuery, GetValuationQuery, type ReorderReport } from '../impl';

@QueryHandler(GetReorderReportQuery)
class GetReorderReportHandler implements IQueryHandler<GetReorderReportQuery, ReorderReport> {
  constructor(private readonly reorder: ReorderReadModel) {}

  async execute({ now, coverDays }: GetReorderReportQuery): Promise<ReorderReport> {
    const candidates = await this.reorder.candidates(now);
    return { coverDays, items: candidates.map((candidate) => reorderLine(candidate, coverDays)) };
  }
}

@QueryHandler(GetValuationQuery)
class GetValuationHandler implements IQueryHandler<GetValuationQuery, Valuation> {
  constructor(private readonly valuation: ValuationReadModel) {}

  execute({ at, locationId }: GetValuationQuery): Promise<Valuation> {
    return this.valuation.at(at, locationId);
  }
}

@QueryHandler(GetActivityQuery)
class GetActivityHandler implements IQueryHandler<GetActivityQuery, Activity> {
  constructor(private readonly activity: ActivityReadModel) {}

  execute({ from, to, bucket }: GetActivityQuery): Promise<Activity> {
    checkRange(from, to, bucket);
    return this.activity.between(from, to, bucket);
  }
}

/** Answered from the reports' read models. */
export const QueryHandlers = [GetReorderReportHandler, GetValuationHandler, GetActivityHandler];
