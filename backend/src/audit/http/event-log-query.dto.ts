import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsString, Length, Matches, Max, Min, ValidateBy, type ValidationArguments } from 'class-validator';
import { ZonedDateTime } from '../../common';
import { Present } from '../../inventory';
import { EVENT_ORDERS, type EventOrder } from '../event-log';

export const DEFAULT_EVENT_LIMIT = 100;
const MAX_EVENT_LIMIT = 1000;
export const EXPORT_FORMATS = ['csv', 'ndjson'] as const;
export const EVENT_CATEGORIES = ['access'] as const;
export type EventCategory = (typeof EVENT_CATEGORIES)[number];
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const EVENT_TYPE = /^[A-Za-z][A-Za-z0-9_.-]*$/;
// PostgreSQL text cannot hold NUL, and no id this system writes holds any control character.
const NO_CONTROL_CHARACTERS = /^\P{Cc}*$/u;
const PlainText = (name: string) => Matches(NO_CONTROL_CHARACTERS, { message: `${name} must not contain control characters` });
/** Digits become a number; anything else stays as given so that the validators refuse it by name. */
const WholeNumber = () =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : value));

/** `to` may not come before `from` (to the millisecond; an inversion within one just matches nothing). */
const NotBeforeFrom = () =>
  ValidateBy({
    name: 'notBeforeFrom',
    validator: {
      validate: (to: unknown, args?: ValidationArguments) => {
        const from = (args?.object as { from?: unknown }).from;
        if (typeof from !== 'string' || typeof to !== 'string') return true;
        return !(Date.parse(to) < Date.parse(from));
      },
      defaultMessage: () => 'to must not be before from',
    },
  });

/** The filters shared by the event log and its export. */
export class EventFilterQueryDto {
  @ApiProperty({
    required: false,
    example: 'item-5b0c3f5e-8d4a-4f6e-9a53-0f7f1d2b9c10',
    description: 'One stream: `item-<id>`, `user-<id>`, `access-<user id>` or `access-attempts`',
  })
  @Present()
  @IsString()
  @Length(1, 200)
  @PlainText('streamId')
  streamId?: string;

  @ApiProperty({
    required: false,
    example: 'StockMoved',
    description: 'One event type, e.g. ItemChanged, StockMoved, UserRegistered, UserRoleChanged, UserSignedIn',
  })
  @Present()
  @IsString()
  @Length(1, 200)
  @Matches(EVENT_TYPE, { message: 'type must be an event type name: a letter, then letters, digits, dots, dashes or underscores' })
  type?: string;

  @ApiProperty({
    required: false,
    enum: EVENT_CATEGORIES,
    description: 'A category of event types: `access` is sign-ins (and failed ones), sign-outs, password changes and resets, deactivations',
  })
  @Present()
  @IsIn(EVENT_CATEGORIES, { message: `category must be one of ${EVENT_CATEGORIES.join(', ')}` })
  category?: EventCategory;

  @ApiProperty({ required: false, description: 'The acting user (`metadata.userId`)' })
  @Present()
  @IsString()
  @Length(1, 100)
  @PlainText('userId')
  userId?: string;

  @ApiProperty({ required: false, format: 'date-time', description: 'Recorded at or after (inclusive)' })
  @Present()
  @ZonedDateTime('from')
  from?: string;

  @ApiProperty({ required: false, format: 'date-time', description: 'Recorded before (exclusive); not before `from`' })
  @Present()
  @ZonedDateTime('to')
  @NotBeforeFrom()
  to?: string;

  @ApiProperty({
    required: false,
    type: 'integer',
    minimum: 0,
    description: 'Only events after this position (the previous page’s `nextCursor`)',
  })
  @Present()
  @WholeNumber()
  @IsInt({ message: 'after must be a position: a whole number of 0 or more' })
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  after?: number;
}

export class EventLogQueryDto extends EventFilterQueryDto {
  @ApiProperty({
    required: false,
    type: 'integer',
    minimum: 1,
    description: 'Only events before this position (the previous newest-first page’s `nextCursor`)',
  })
  @Present()
  @WholeNumber()
  @IsInt({ message: 'before must be a position: a whole number of 1 or more' })
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  before?: number;

  @ApiProperty({ required: false, enum: EVENT_ORDERS, default: 'asc', description: '`asc` oldest first, `desc` newest first' })
  @Present()
  @IsIn(EVENT_ORDERS, { message: `order must be one of ${EVENT_ORDERS.join(', ')}` })
  order?: EventOrder;

  @ApiProperty({ required: false, type: 'integer', minimum: 1, maximum: MAX_EVENT_LIMIT, default: DEFAULT_EVENT_LIMIT })
  @Present()
  @WholeNumber()
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(MAX_EVENT_LIMIT)
  limit?: number;
}

export class EventExportQueryDto extends EventFilterQueryDto {
  @ApiProperty({ required: false, enum: EXPORT_FORMATS, description: 'Overrides the Accept header (useful for a plain download link)' })
  @Present()
  @IsIn(EXPORT_FORMATS)
  format?: ExportFormat;
}
