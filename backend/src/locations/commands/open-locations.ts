import { Injectable } from '@nestjs/common';
import { EventStore } from '../../event-store';
import { MAIN_LOCATION_ID, StockLocationArchivedError, StockLocationNotFoundError, StockLocations } from '../../inventory';
import { fold } from '../domain/location';
import { locationStreamId, type LocationEvent } from '../domain/location-events';

/** The inventory's question, answered from the location's own stream (not a read model that may lag). */
@Injectable()
export class OpenLocations extends StockLocations {
  constructor(private readonly store: EventStore) {
    super();
  }

  movingAt<T>(locationId: string, move: () => Promise<T>): Promise<T> {
    // The main location can never be archived: its movements, nearly all of them, read nothing here.
    return locationId === MAIN_LOCATION_ID ? move() : this.requireOpen(locationId).then(move);
  }

  private async requireOpen(locationId: string): Promise<void> {
    const events = await this.store.readStream(locationStreamId(locationId));
    const location = fold(locationId, events as unknown as LocationEvent[]);
    if (location.status === 'absent') throw new StockLocationNotFoundError(locationId);
    if (location.status === 'archived') throw new StockLocationArchivedError(locationId);
  }
}
