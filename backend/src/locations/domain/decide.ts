import type { Location } from './location';
import type { LocationCommand } from './location-commands';
import {
  LocationAlreadyExistsError,
  LocationArchivedError,
  LocationHoldsStockError,
  LocationNotFoundError,
  MainLocationArchiveError,
} from './location-errors';
import type { LocationEvent, LocationFields } from './location-events';
import { MAIN_LOCATION_ID } from './main-location';

type ActiveLocation = Extract<Location, { status: 'active' | 'archived' }> & { status: 'active' };

function active(location: Location, locationId: string): ActiveLocation {
  if (location.status === 'absent') throw new LocationNotFoundError(locationId);
  if (location.status === 'archived') throw new LocationArchivedError(locationId);
  return location as ActiveLocation;
}

const sameFields = (a: LocationFields, b: LocationFields) => a.code === b.code && a.name === b.name;

/** The locations' rules: what a command on a location's current state produces, or why it is refused. */
export function decide(command: LocationCommand, location: Location): LocationEvent[] {
  const { locationId } = command.data;
  switch (command.type) {
    case 'CreateLocation':
      if (location.status !== 'absent') throw new LocationAlreadyExistsError(locationId);
      return [{ type: 'LocationChanged', data: { locationId, kind: 'created', before: null, after: command.data.fields } }];
    case 'RenameLocation': {
      const found = active(location, locationId);
      const defined = Object.fromEntries(
        Object.entries<string | undefined>(command.data.changes).filter(([, value]) => value !== undefined),
      );
      const after: LocationFields = { ...found.fields, ...defined };
      if (sameFields(found.fields, after)) return [];
      return [{ type: 'LocationChanged', data: { locationId, kind: 'renamed', before: found.fields, after } }];
    }
    case 'ArchiveLocation': {
      if (locationId === MAIN_LOCATION_ID) throw new MainLocationArchiveError();
      const found = active(location, locationId);
      if (command.data.unitsHeld > 0) throw new LocationHoldsStockError(locationId, command.data.unitsHeld);
      return [{ type: 'LocationChanged', data: { locationId, kind: 'archived', before: found.fields, after: found.fields } }];
    }
    default: {
      const unknown: never = command;
      throw new Error(`unknown location command ${JSON.stringify(unknown)}`);
    }
  }
}
