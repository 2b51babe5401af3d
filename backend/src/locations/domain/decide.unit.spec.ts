import { decide } from './decide';
import { fold } from './location';
import type { LocationCommand } from './location-commands';
import {
  LocationAlreadyExistsError,
  LocationArchivedError,
  LocationHoldsStockError,
  LocationNotFoundError,
  MainLocationArchiveError,
} from './location-errors';
import type { LocationEvent, LocationFields } from './location-events';
import { locationCodeReservations } from './location-code';
import { MAIN_LOCATION_FIELDS, MAIN_LOCATION_ID } from './main-location';

/** Emmett's given/when/then, as the inventory's decider tests read. */
const given = (locationId: string, events: readonly LocationEvent[]) => ({
  when: (command: LocationCommand) => {
    const handle = () => decide(command, fold(locationId, events));
    return {
      then: (expected: readonly LocationEvent[]) => expect(handle()).toEqual(expected),
      thenThrows: (type: new (...args: never[]) => Error) => expect(handle).toThrow(type),
    };
  },
});

const locationId = 'b7e2c3d4-0000-4000-8000-000000000001';
const fields: LocationFields = { code: 'VAN-1', name: 'Van one' };
const created: LocationEvent = { type: 'LocationChanged', data: { locationId, kind: 'created', before: null, after: fields } };
const archived: LocationEvent = { type: 'LocationChanged', data: { locationId, kind: 'archived', before: fields, after: fields } };

describe('CreateLocation', () => {
  it('creates a location with its code and name', () =>
    given(locationId, []).when({ type: 'CreateLocation', data: { locationId, fields } }).then([created]));

  it('refuses to create a location that exists', () =>
    given(locationId, [created]).when({ type: 'CreateLocation', data: { locationId, fields } }).thenThrows(LocationAlreadyExistsError));

  it('refuses to create the main location, which exists without events', () =>
    given(MAIN_LOCATION_ID, [])
      .when({ type: 'CreateLocation', data: { locationId: MAIN_LOCATION_ID, fields } })
      .thenThrows(LocationAlreadyExistsError));
});

describe('RenameLocation', () => {
  it('renames, keeping the fields not given', () =>
    given(locationId, [created])
      .when({ type: 'RenameLocation', data: { locationId, changes: { name: 'Blue van' } } })
      .then([
        { type: 'LocationChanged', data: { locationId, kind: 'renamed', before: fields, after: { code: 'VAN-1', name: 'Blue van' } } },
      ]));

  it('records nothing when nothing changes', () =>
    given(locationId, [created])
      .when({ type: 'RenameLocation', data: { locationId, changes: { code: 'VAN-1' } } })
      .then([]));

  it('renames the main location from its implicit state', () =>
    given(MAIN_LOCATION_ID, [])
      .when({ type: 'RenameLocation', data: { locationId: MAIN_LOCATION_ID, changes: { name: 'Warehouse' } } })
      .then([
        {
          type: 'LocationChanged',
          data: { locationId: MAIN_LOCATION_ID, kind: 'renamed', before: MAIN_LOCATION_FIELDS, after: { code: 'MAIN', name: 'Warehouse' } },
        },
      ]));

  it('refuses an unknown location', () =>
    given(locationId, [])
      .when({ type: 'RenameLocation', data: { locationId, changes: { name: 'x' } } })
      .thenThrows(LocationNotFoundError));

  it('refuses an archived location', () =>
    given(locationId, [created, archived])
      .when({ type: 'RenameLocation', data: { locationId, changes: { name: 'x' } } })
      .thenThrows(LocationArchivedError));
});

describe('ArchiveLocation', () => {
  it('archives a location', () =>
    given(locationId, [created])
      .when({ type: 'ArchiveLocation', data: { locationId, unitsHeld: 0 } })
      .then([archived]));

  it('refuses to archive a location that holds stock', () =>
    given(locationId, [created])
      .when({ type: 'ArchiveLocation', data: { locationId, unitsHeld: 1 } })
      .thenThrows(LocationHoldsStockError));

  it('refuses to archive twice', () =>
    given(locationId, [created, archived])
      .when({ type: 'ArchiveLocation', data: { locationId, unitsHeld: 0 } })
      .thenThrows(LocationArchivedError));

  it('refuses to archive the main location', () =>
    given(MAIN_LOCATION_ID, [])
      .when({ type: 'ArchiveLocation', data: { locationId: MAIN_LOCATION_ID, unitsHeld: 0 } })
      .thenThrows(MainLocationArchiveError));
});

describe('location codes', () => {
  it('reserves a new code regardless of case and gives back the old one on a change of code', () => {
    const renamed: LocationEvent = {
      type: 'LocationChanged',
      data: { locationId, kind: 'renamed', before: fields, after: { code: 'van-2', name: 'Van one' } },
    };
    expect(locationCodeReservations([created, renamed])).toEqual({
      reserve: [
        { kind: 'location-code', value: 'VAN-1' },
        { kind: 'location-code', value: 'VAN-2' },
      ],
      release: [{ kind: 'location-code', value: 'VAN-1' }],
    });
  });

  it('keeps the code of an archived location taken', () =>
    expect(locationCodeReservations([archived])).toEqual({ reserve: [], release: [] }));
});
