import { applyDecorators } from '@nestjs/common';
import { IsISO8601, Matches } from 'class-validator';

// Offsets up to ±15:59, the most PostgreSQL reads (real zones span -12:00 to +14:00).
const ZONED_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-](0\d|1[0-5]):[0-5]\d)$/;

/**
 * A calendar date-time with its zone, e.g. 2025-01-31T17:00:00Z, kept as text for PostgreSQL to
 * read to the microsecond (a JavaScript Date would round to milliseconds). Without a zone it would
 * be ambiguous; week and ordinal dates (2026-W01-1, 2026-001), which ISO 8601 also allows, are
 * not read the same by JavaScript and PostgreSQL, so they are refused too.
 */
export const ZonedDateTime = (name: string) =>
  applyDecorators(
    IsISO8601({ strict: true, strictSeparator: true }, { message: `${name} must be a valid ISO 8601 date-time` }),
    Matches(ZONED_DATE_TIME, { message: `${name} must be a date-time with a zone, e.g. 2025-01-31T17:00:00Z` }),
  );
