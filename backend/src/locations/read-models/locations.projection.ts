import { ProjectionUpdated, type Handles, type Projection } from '../../projections';
import { evolve, initialLocation, type Location } from '../domain/location';
import type { LocationEvent } from '../domain/location-events';
import type { LocationView } from '../queries/impl/views';
import { LOCATION_COLUMNS, toLocationView, type LocationRow } from './location-row';

const LOCATIONS = 'locations';
const TABLE = 'read_locations';

/** The locations' projection applies their own events and ignores the other features'. */
const LOCATION_EVENTS = {
  LocationChanged: 'apply',
  StocktakeChanged: 'ignore',
  ItemChanged: 'ignore',
  StockMoved: 'ignore',
  LocationThresholdSet: 'ignore',
  StockTransferred: 'ignore',
  UserRegistered: 'ignore',
  UserRoleChanged: 'ignore',
  UserDeactivated: 'ignore',
  UserReactivated: 'ignore',
  PasswordChanged: 'ignore',
  PasswordReset: 'ignore',
  UserSignedIn: 'ignore',
  UserSignInFailed: 'ignore',
  UserSignedOut: 'ignore',
  ApiTokenCreated: 'ignore',
  ApiTokenRevoked: 'ignore',
  LowStockAlertRaised: 'ignore',
  LowStockAlertSent: 'ignore',
  LowStockAlertPreviewed: 'ignore',
  LowStockAlertFailed: 'ignore',
  WebhookDisabled: 'ignore',
} as const satisfies Handles;

/** A location row: the API view plus the stream version and position of the event it last reflects. */
type ExpectedLocation = LocationView & { readonly version: number; readonly position: number };

/**
 * `read_locations`: one row per location with events, as its last event left it. The main location
 * has a row only once it was renamed; the read side adds it as it starts out (LocationReadModel).
 */
export const locationsProjection = {
  name: LOCATIONS,
  version: 1,
  handles: LOCATION_EVENTS,
  tables: [TABLE],
  keyedDuringRebuild: [TABLE],

  async apply({ events, parameters, tables }, transaction) {
    await transaction.last(
      `INSERT INTO "${tables(TABLE)}" AS t (id, code, name, archived, version, position)
       SELECT DISTINCT ON (e.stream_id)
              (e.data->>'locationId')::uuid, e.data->'after'->>'code', e.data->'after'->>'name',
              e.data->>'kind' = 'archived', e.stream_version, e.position
         FROM events e WHERE ${events}
        ORDER BY e.stream_id, e.stream_version DESC
       ON CONFLICT (id) DO UPDATE
          SET code = excluded.code, name = excluded.name, archived = excluded.archived,
              version = excluded.version, position = excluded.position
        WHERE t.version < excluded.version`,
      parameters,
    );
    return [];
  },

  /** Compares `read_locations` with the domain's own fold of every location's events. */
  async verify(check) {
    const folded = new Map<string, { location: Location; position: number }>();
    for await (const page of check.events()) {
      for (const { data, type, position } of page) {
        const event = { type, data } as LocationEvent;
        const id = event.data.locationId;
        folded.set(id, { location: evolve(folded.get(id)?.location ?? initialLocation(id), event), position });
      }
    }
    const expected = new Map<string, ExpectedLocation>();
    for (const [id, { location, position }] of folded) {
      if (location.status === 'absent') continue;
      expected.set(id, { id, ...location.fields, archived: location.status === 'archived', version: location.version, position });
    }
    const { rows } = await check.db.query<LocationRow>(`SELECT ${LOCATION_COLUMNS} FROM ${TABLE}`);
    for (const row of rows) {
      check.compare(row.id, { ...toLocationView(row), version: row.version, position: row.position }, expected.get(row.id));
      expected.delete(row.id);
    }
    for (const [id, location] of expected) check.compare(id, undefined, location);
    return rows.length;
  },

  announcement: (changes) => new ProjectionUpdated(LOCATIONS, changes),
} satisfies Projection<never>;
