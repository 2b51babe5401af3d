import { Injectable } from '@nestjs/common';
import { LiveFeedSources, type FeedEntry, type FeedSource } from '../../live';
import { IN_RANGE, liveCheckpoint, rangeParameters } from '../../projections';
import type { LocationChangedData } from '../domain/location-events';
import type { LocationView } from '../queries/impl/views';
import { locationsProjection } from './locations.projection';

interface LocationEventRow {
  position: number;
  transaction_id: string;
  data: LocationChangedData;
  correlation_id: string | null;
}

/** The location as its event left it: no event follows an archiving, so the event alone is the whole view. */
const viewAfter = ({ locationId, kind, after }: LocationChangedData): LocationView => ({
  id: locationId,
  code: after.code,
  name: after.name,
  archived: kind === 'archived',
});

/**
 * `location.changed` on the WebSocket: one message per `LocationChanged`, its data the location as
 * GET /api/locations shows it after that event. Sent once the locations projection has the event,
 * so a client that fetches on it sees the change.
 */
const locationsFeedSource: FeedSource = {
  name: 'locations',
  checkpoints: [liveCheckpoint(locationsProjection.name)],

  async read(range, db) {
    const { rows } = await db.query<LocationEventRow>(
      `SELECT e.position, e.transaction_id::text AS transaction_id, e.data, e.metadata->>'correlationId' AS correlation_id
         FROM events e
        WHERE ${IN_RANGE} AND e.type = 'LocationChanged'`,
      rangeParameters(range),
    );
    return rows.map((row): FeedEntry => ({
      type: 'location.changed',
      position: row.position,
      transactionId: row.transaction_id,
      data: viewAfter(row.data),
      correlationId: row.correlation_id,
    }));
  },
};

/** Adds the locations' messages to the live feed's sources while the app is being built. */
@Injectable()
export class LocationsLiveFeed {
  constructor(sources: LiveFeedSources) {
    sources.add(locationsFeedSource);
  }
}
