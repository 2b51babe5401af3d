import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsUUID, Max, Min } from 'class-validator';
import { ZonedDateTime } from '../../common';
import { Present } from '../../inventory';
import { ACTIVITY_BUCKETS, type ActivityBucketSize } from '../domain/activity';
import { DEFAULT_COVER_DAYS } from '../domain/reorder';

export const REPORT_FORMATS = ['json', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** `?format=csv` answers a download instead of JSON. */
class FormatQueryDto {
  @ApiProperty({ required: false, enum: REPORT_FORMATS, default: 'json', description: '`csv`: a spreadsheet download' })
  @Present()
  @IsIn(REPORT_FORMATS)
  format?: ReportFormat;
}

export class ReorderQueryDto extends FormatQueryDto {
  @ApiProperty({
    required: false,
    type: 'integer',
    minimum: 0,
    maximum: 365,
    default: DEFAULT_COVER_DAYS,
    description: 'Days of stock an order should cover beyond its lead time',
  })
  @Present()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(365)
  coverDays?: number;
}

export class ValuationQueryDto extends FormatQueryDto {
  @ApiProperty({ required: false, format: 'date-time', example: '2026-06-30T23:59:59Z', description: 'Now when left out' })
  @Present()
  @ZonedDateTime('at')
  at?: string;

  @ApiProperty({ required: false, format: 'uuid', description: 'One location only; every location when left out' })
  @Present()
  @IsUUID()
  locationId?: string;
}

export class ActivityQueryDto extends FormatQueryDto {
  @ApiProperty({ required: false, format: 'date-time', description: 'From (inclusive); by default 30 days (12 weeks) before `to`' })
  @Present()
  @ZonedDateTime('from')
  from?: string;

  @ApiProperty({ required: false, format: 'date-time', description: 'Up to (exclusive); now when left out' })
  @Present()
  @ZonedDateTime('to')
  to?: string;

  @ApiProperty({ required: false, enum: ACTIVITY_BUCKETS, default: 'day', description: 'Buckets in UTC; a week starts on Monday' })
  @Present()
  @IsIn(ACTIVITY_BUCKETS)
  bucket?: ActivityBucketSize;
}
