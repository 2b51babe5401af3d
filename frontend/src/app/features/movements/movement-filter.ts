import type { Params } from '@angular/router';
import type { Item, ListedMovement, ListedMovementType, MovementQuery, StockMovement } from '../../core/api/models';

export const MOVEMENT_TYPES: readonly ListedMovementType[] = ['IN', 'OUT', 'ADJUST', 'TRANSFER'];

/** What the movements page shows, as its URL keeps it: `from` and `to` are local days (`YYYY-MM-DD`), both included. */
export interface MovementFilter {
  readonly itemId?: string | undefined;
  readonly locationId?: string | undefined;
  readonly type?: ListedMovementType | undefined;
  readonly userId?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

/** A live movement as the list would show it: named by the item the message carries. */
export const listed = (movement: StockMovement, item: Item): ListedMovement => ({ ...movement, item: { sku: item.sku, name: item.name } });

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
/** A calendar day that exists: `2026-02-30` would roll over into March. */
const day = (value: unknown) => {
  const given = text(value);
  if (!given || !DAY.test(given)) return undefined;
  const [, month, dayOfMonth] = given.split('-').map(Number);
  const date = localMidnight(given);
  return date.getMonth() + 1 === month && date.getDate() === dayOfMonth ? given : undefined;
};
const isType = (value: unknown): value is ListedMovementType => MOVEMENT_TYPES.includes(value as ListedMovementType);

function localMidnight(date: string, plusDays = 0): Date {
  const [year, month, dayOfMonth] = date.split('-').map(Number) as [number, number, number];
  return new Date(year, month - 1, dayOfMonth + plusDays);
}

/** The filter of a URL's query parameters; a value the page could not have written is dropped, not sent to the API. */
export function filterFromParams(params: Params): MovementFilter {
  const type: unknown = params['type'];
  return {
    itemId: text(params['itemId']),
    locationId: text(params['locationId']),
    type: isType(type) ? type : undefined,
    userId: text(params['userId']),
    from: day(params['from']),
    to: day(params['to']),
  };
}

/** Every key of the filter, unset ones as null, so that navigating with them removes what was cleared. */
export const filterToParams = (filter: MovementFilter): Params => ({
  itemId: filter.itemId ?? null,
  locationId: filter.locationId ?? null,
  type: filter.type ?? null,
  userId: filter.userId ?? null,
  from: filter.from ?? null,
  to: filter.to ?? null,
});

/** The API's filter: the days become the instants of their local midnights, `to` the midnight after it. */
export function movementQuery(filter: MovementFilter): MovementQuery {
  return {
    itemId: filter.itemId,
    locationId: filter.locationId,
    type: filter.type,
    userId: filter.userId,
    from: filter.from ? localMidnight(filter.from).toISOString() : undefined,
    to: filter.to ? localMidnight(filter.to, 1).toISOString() : undefined,
  };
}

export const sameFilter = (a: MovementFilter, b: MovementFilter) =>
  a.itemId === b.itemId &&
  a.locationId === b.locationId &&
  a.type === b.type &&
  a.userId === b.userId &&
  a.from === b.from &&
  a.to === b.to;

/** Whether a live movement belongs in the list the filter shows. */
export function matchesFilter(movement: StockMovement, filter: MovementFilter): boolean {
  const at = Date.parse(movement.at);
  return (
    (!filter.itemId || movement.itemId === filter.itemId) &&
    // A transfer is at both its ends.
    (!filter.locationId || movement.locationId === filter.locationId || movement.toLocationId === filter.locationId) &&
    (!filter.type || movement.type === filter.type) &&
    (!filter.userId || movement.user?.id === filter.userId) &&
    (!filter.from || at >= localMidnight(filter.from).getTime()) &&
    (!filter.to || at < localMidnight(filter.to, 1).getTime())
  );
}
