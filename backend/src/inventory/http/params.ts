import { Param, ParseUUIDPipe } from '@nestjs/common';
import { ProblemException } from '../../common';
import type { Codec } from '../queries/impl/cursors';
import { DEFAULT_LIMIT, type PageQueryDto } from './list-query.dto';

const UuidParam = (name: string) =>
  Param(
    name,
    new ParseUUIDPipe({
      exceptionFactory: () =>
        ProblemException.of('validation', `${name} must be a UUID`, { errors: [{ field: name, message: 'must be a UUID' }] }),
    }),
  );

/** The `:id` route parameter, a UUID. */
export const ItemIdParam = () => UuidParam('id');

/** The `:id` route parameter of a stock movement, a UUID. */
export const MovementIdParam = () => UuidParam('id');

/** The `:locationId` route parameter, a UUID. */
export const LocationIdParam = () => UuidParam('locationId');

/** Limit and decoded cursor of a page request; a cursor this API did not hand out is a 400 (InvalidCursorError). */
export function page<Key>(query: PageQueryDto, codec: Codec<Key>): { limit: number; cursor: Key | undefined } {
  return { limit: query.limit ?? DEFAULT_LIMIT, cursor: query.cursor === undefined ? undefined : codec.decode(query.cursor) };
}

/** `If-Match: 3`, `"3"` or `W/"3"`: the item version the client last saw. */
export function versionFromIfMatch(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(value.trim());
  if (!match) {
    throw ProblemException.of('validation', 'If-Match must be an item version, e.g. "3"', {
      errors: [{ field: 'If-Match', message: 'must be an item version' }],
    });
  }
  return Number(match[1]);
}
