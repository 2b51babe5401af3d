import { ApiProperty } from '@nestjs/swagger';
import {
  ACTIVITY_BUCKETS,
  type Activity,
  type ActivityBucket,
  type ActivityBucketSize,
  type PerType,
  type TopMover,
} from '../domain/activity';
import type { ReorderLine } from '../domain/reorder';
import type { LocationValuation, Valuation, ValuationLine, ValuedItem } from '../domain/valuation';

const MONEY = { type: Number, description: 'Two decimals' } as const;
const NULLABLE_INTEGER = { type: 'integer', nullable: true } as const;

/** The item a report line is about, as it is named now. */
class ReportedItemDto implements ValuedItem {
  @ApiProperty({ format: 'uuid' })
  readonly itemId!: string;

  @ApiProperty()
  readonly sku!: string;

  @ApiProperty()
  readonly name!: string;

  @ApiProperty()
  readonly unit!: string;
}

class ReorderLineDto extends ReportedItemDto implements ReorderLine {
  @ApiProperty({ type: 'integer', description: 'Units on hand, every location together' })
  readonly quantity!: number;

  @ApiProperty({ type: 'integer' })
  readonly reorderPoint!: number;

  @ApiProperty(NULLABLE_INTEGER)
  readonly reorderQuantity!: number | null;

  @ApiProperty(NULLABLE_INTEGER)
  readonly leadTimeDays!: number | null;

  @ApiProperty({ type: Number, nullable: true })
  readonly price!: number | null;

  @ApiProperty({ description: 'Units used per day over the last 30 days: OUT and negative ADJUST' })
  readonly dailyUse30!: number;

  @ApiProperty({ description: 'Units used per day over the last 90 days' })
  readonly dailyUse90!: number;

  @ApiProperty({ type: Number, nullable: true, description: 'Days the stock lasts at the higher rate; null when nothing was used' })
  readonly daysOfCover!: number | null;

  @ApiProperty({
    type: 'integer',
    description: 'max(reorderQuantity, ⌈rate × (leadTimeDays + coverDays)⌉ − quantity, reorderPoint + 1 − quantity)',
  })
  readonly suggestedQuantity!: number;

  @ApiProperty({ type: Number, nullable: true, description: 'suggestedQuantity × price' })
  readonly estimatedCost!: number | null;
}

export class ReorderReportDto {
  @ApiProperty({ type: 'integer' })
  readonly coverDays!: number;

  @ApiProperty({ type: [ReorderLineDto] })
  readonly items!: ReorderLine[];
}

class ValuationLineDto extends ReportedItemDto implements ValuationLine {
  @ApiProperty({ type: 'integer' })
  readonly quantity!: number;

  @ApiProperty({ type: Number, nullable: true, description: 'The price in force at the time; null: not priced then' })
  readonly price!: number | null;

  @ApiProperty({ type: Number, nullable: true })
  readonly value!: number | null;
}

class LocationValuationDto implements LocationValuation {
  @ApiProperty({ format: 'uuid' })
  readonly locationId!: string;

  @ApiProperty()
  readonly code!: string;

  @ApiProperty()
  readonly name!: string;

  @ApiProperty({ type: 'integer' })
  readonly units!: number;

  @ApiProperty(MONEY)
  readonly value!: number;

  @ApiProperty({ type: 'integer', description: 'Lines without a price, left out of `value`' })
  readonly unpriced!: number;

  @ApiProperty({ type: [ValuationLineDto] })
  readonly items!: ValuationLine[];
}

export class ValuationDto implements Valuation {
  @ApiProperty({ format: 'date-time' })
  readonly at!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  readonly locationId!: string | null;

  @ApiProperty({ type: 'integer' })
  readonly units!: number;

  @ApiProperty(MONEY)
  readonly value!: number;

  @ApiProperty({ type: 'integer' })
  readonly unpriced!: number;

  @ApiProperty({ type: [LocationValuationDto] })
  readonly locations!: LocationValuation[];
}

class PerTypeDto implements PerType {
  @ApiProperty({ type: 'integer' })
  readonly IN!: number;

  @ApiProperty({ type: 'integer' })
  readonly OUT!: number;

  @ApiProperty({ type: 'integer' })
  readonly ADJUST!: number;

  @ApiProperty({ type: 'integer' })
  readonly TRANSFER!: number;
}

class ActivityBucketDto implements ActivityBucket {
  @ApiProperty({ format: 'date-time' })
  readonly start!: string;

  @ApiProperty({ type: PerTypeDto })
  readonly movements!: PerType;

  @ApiProperty({ type: PerTypeDto, description: 'Units moved (ADJUST: the size of the difference)' })
  readonly units!: PerType;
}

class TopMoverDto extends ReportedItemDto implements TopMover {
  @ApiProperty({ type: 'integer' })
  readonly movements!: number;

  @ApiProperty({ type: 'integer' })
  readonly unitsIn!: number;

  @ApiProperty({ type: 'integer', description: 'OUT and negative ADJUST' })
  readonly unitsUsed!: number;

  @ApiProperty({ type: 'integer' })
  readonly unitsTransferred!: number;
}

export class ActivityDto implements Activity {
  @ApiProperty({ format: 'date-time' })
  readonly from!: string;

  @ApiProperty({ format: 'date-time' })
  readonly to!: string;

  @ApiProperty({ enum: ACTIVITY_BUCKETS })
  readonly bucket!: ActivityBucketSize;

  @ApiProperty({ type: [ActivityBucketDto] })
  readonly buckets!: ActivityBucket[];

  @ApiProperty({ type: [TopMoverDto] })
  readonly topMovers!: TopMover[];
}
