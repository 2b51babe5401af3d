import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../access';
import type { Reversal, ReversibleMovement } from '../domain/item-commands';
import { MovementNotFoundError } from '../domain/item-errors';
import { MAIN_LOCATION_ID } from '../domain/item-events';
import type { StockLocations } from './stock-locations';
import { HistoryReadModel, type RecordedMovementRow } from '../read-models/history/history-read-model';

/** How long a reversal waits for the read model to list a movement recorded a moment ago before answering 404. */
const LISTING_WAIT_MS = 2000;
const LISTING_POLL_MS = 100;

const reversible = (movementId: string, row: RecordedMovementRow): ReversibleMovement => {
  const by = { movementId, recordedBy: row.user_id, reverses: row.reverses };
  const locationId = row.location_id ?? MAIN_LOCATION_ID;
  return row.type === 'TRANSFER'
    ? { ...by, type: 'TRANSFER', quantity: row.quantity, fromLocationId: locationId, toLocationId: row.to_location_id ?? MAIN_LOCATION_ID }
    : { ...by, type: row.type, quantity: row.quantity, locationId };
};

/**
 * Turns `POST /stock-movements/:id/reverse` into the ReverseMovement command's data: the movement as
 * recorded (immutable facts, so the movements read model is a fine source; whether it was reversed
 * meanwhile is decided on the item's stream) and who asks.
 */
@Injectable()
export class ReversalRequests {
  constructor(private readonly history: HistoryReadModel) {}

  async reversal(originalId: string, movementId: string, user: AuthUser, reason: string): Promise<Reversal> {
    const row = await this.listed(originalId);
    return {
      itemId: row.item_id,
      movementId,
      original: reversible(originalId, row),
      by: { userId: user.id, mayReverseAnyones: user.role === 'manager' },
      reason,
    };
  }

  /** Runs `move` once stock may move at each location the reversal touches (StockLocations refuses an unknown or archived one). */
  movingAtEach<T>(locations: StockLocations, { original }: Reversal, move: () => Promise<T>): Promise<T> {
    const touched = original.type === 'TRANSFER' ? [original.fromLocationId, original.toLocationId] : [original.locationId];
    return touched.reduceRight<() => Promise<T>>((next, locationId) => () => locations.movingAt(locationId, next), move)();
  }

  /** A movement its author just recorded may not be listed yet: waits (bounded) for the read model before calling it unknown. */
  private async listed(movementId: string): Promise<RecordedMovementRow> {
    const deadline = Date.now() + LISTING_WAIT_MS;
    for (;;) {
      const row = await this.history.movement(movementId);
      if (row) return row;
      if (Date.now() >= deadline) throw new MovementNotFoundError(movementId);
      await new Promise((resolve) => setTimeout(resolve, LISTING_POLL_MS));
    }
  }
}
