import { Query } from '@nestjs/cqrs';
import type { Activity, ActivityBucketSize } from '../../domain/activity';
import type { ReorderLine } from '../../domain/reorder';
import type { Valuation } from '../../domain/valuation';

export interface ReorderReport {
  readonly coverDays: number;
  readonly items: readonly ReorderLine[];
}

/** The items due for ordering as of `now`, with an order covering `coverDays` beyond each lead time. */
export class GetReorderReportQuery extends Query<ReorderReport> {
  constructor(
    public readonly now: Date,
    public readonly coverDays: number,
  ) {
    super();
  }
}

/** Stock worth as it stood at `at`, at one location or every one. */
export class GetValuationQuery extends Query<Valuation> {
  constructor(
    public readonly at: Date,
    public readonly locationId: string | undefined,
  ) {
    super();
  }
}

/** Movements per bucket and type in [from, to), and the top movers. */
export class GetActivityQuery extends Query<Activity> {
  constructor(
    public readonly from: Date,
    public readonly to: Date,
    public readonly bucket: ActivityBucketSize,
  ) {
    super();
  }
}
