import type { LocationEvent, LocationFields } from './location-events';
import { MAIN_LOCATION_FIELDS, MAIN_LOCATION_ID } from './main-location';

/** A location's state folded from its stream; `version` is the number of events folded. */
export type Location =
  | { readonly status: 'absent'; readonly version: number }
  | {
      readonly status: 'active' | 'archived';
      readonly version: number;
      readonly id: string;
      readonly fields: LocationFields;
    };

/** Where a location's fold starts: the main location is there before any of its events. */
export const initialLocation = (locationId: string): Location =>
  locationId === MAIN_LOCATION_ID
    ? { status: 'active', version: 0, id: MAIN_LOCATION_ID, fields: MAIN_LOCATION_FIELDS }
    : { status: 'absent', version: 0 };

export function evolve(location: Location, event: LocationEvent): Location {
  const { data } = event;
  return {
    status: data.kind === 'archived' ? 'archived' : 'active',
    version: location.version + 1,
    id: data.locationId,
    fields: data.after,
  };
}

export const fold = (locationId: string, events: readonly LocationEvent[]): Location => events.reduce(evolve, initialLocation(locationId));
