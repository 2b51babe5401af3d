/** Movements over time (GET /api/reports/activity): buckets of a day or a week, in UTC. */

export const ACTIVITY_BUCKETS = ['day', 'week'] as const;
export type ActivityBucketSize = (typeof ACTIVITY_BUCKETS)[number];

export const ACTIVITY_TYPES = ['IN', 'OUT', 'ADJUST', 'TRANSFER'] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

/** The most buckets one report spans: a year of days, or seven years of weeks. */
const MAX_BUCKETS = 366;

const DAY_MS = 86_400_000;
const BUCKET_MS: Record<ActivityBucketSize, number> = { day: DAY_MS, week: 7 * DAY_MS };

/** The span a request leaves out: the last 30 days, or the last 12 weeks, up to `to`. */
export const defaultFrom = (to: Date, bucket: ActivityBucketSize): Date =>
  new Date(to.getTime() - (bucket === 'day' ? 30 : 12) * BUCKET_MS[bucket]);

export class ReportRangeError extends Error {
  constructor(
    readonly field: 'from' | 'to',
    message: string,
  ) {
    super(message);
    this.name = 'ReportRangeError';
  }
}

/** Refuses an empty or reversed span, or one of more than MAX_BUCKETS buckets. */
export function checkRange(from: Date, to: Date, bucket: ActivityBucketSize): void {
  if (from.getTime() >= to.getTime()) throw new ReportRangeError('from', 'from must be before to');
  if (to.getTime() - from.getTime() > MAX_BUCKETS * BUCKET_MS[bucket]) {
    throw new ReportRangeError('from', `a report spans at most ${MAX_BUCKETS} ${bucket}s`);
  }
}

/** Per type: the number of movements, or the units they moved (ADJUST as the size of the difference). */
export type PerType = Readonly<Record<ActivityType, number>>;

export interface ActivityBucket {
  /** ISO time the bucket starts (midnight UTC; a week starts on Monday). */
  readonly start: string;
  readonly movements: PerType;
  readonly units: PerType;
}

export interface TopMover {
  readonly itemId: string;
  readonly sku: string;
  readonly name: string;
  readonly unit: string;
  readonly movements: number;
  /** IN units and positive adjustments. */
  readonly unitsIn: number;
  /** OUT units and negative adjustments: use, as the reorder report counts it. */
  readonly unitsUsed: number;
  readonly unitsTransferred: number;
}

export interface Activity {
  readonly from: string;
  readonly to: string;
  readonly bucket: ActivityBucketSize;
  /** Every bucket of the span, empty ones included, oldest first. */
  readonly buckets: readonly ActivityBucket[];
  /** The items that used the most units in the span (then the most movements), at most TOP_MOVERS. */
  readonly topMovers: readonly TopMover[];
}

export const TOP_MOVERS = 10;

export const noneOfEach = (): Record<ActivityType, number> => ({ IN: 0, OUT: 0, ADJUST: 0, TRANSFER: 0 });
