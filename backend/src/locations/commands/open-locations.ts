import { Injectable } from '@nestjs/common';
import { FreshLookups } from '../../database';
import { EventStore } from '../../event-store';
import { MAIN_LOCATION_ID, StockLocationArchivedError, StockLocationNotFoundError, StockLocations } from '../../inventory';
import { fold, initialLocation, type Location } from '../domain/location';
import { locationStreamId, type LocationEvent } from '../domain/location-events';

/**
 * The inventory's question, answered from the location's own stream (not a read model that may lag).
 * Commands asking at the same time share one read of their locations' streams, each read begun after
 * the question was asked (FreshLookups), so a busy location costs one query per round, not per command.
 */
@Injectable()
export class OpenLocations extends StockLocations {
  private readonly locations = new FreshLookups<Location>((ids) => this.read(ids));

  constructor(private readonly store: EventStore) {
    super();
  }

  movingAt<T>(locationId: string, move: () => Promise<T>): Promise<T> {
    // The main location can never be archived: its movements, nearly all of them, read nothing here.
    return locationId === MAIN_LOCATION_ID ? move() : this.requireOpen(locationId).then(move);
  }

  private async requireOpen(locationId: string): Promise<void> {
    const location = (await this.locations.load(locationId)) ?? initialLocation(locationId);
    if (location.status === 'absent') throw new StockLocationNotFoundError(locationId);
    if (location.status === 'archived') throw new StockLocationArchivedError(locationId);
  }

  private async read(locationIds: readonly string[]): Promise<ReadonlyMap<string, Location>> {
    const streams = await this.store.readStreams(new Map(locationIds.map((id) => [locationStreamId(id), 0])));
    return new Map(
      locationIds.map((id) => [id, fold(id, (streams.get(locationStreamId(id)) ?? []) as unknown as LocationEvent[])] as const),
    );
  }
}
