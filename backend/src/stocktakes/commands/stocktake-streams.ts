import { Injectable } from '@nestjs/common';
import { EventStore, VersionConflictError, type StoredEvent } from '../../event-store';
import { itemStreamId, type InventoryEvent } from '../../inventory';
import { fold, type Stocktake } from '../domain/stocktake';
import { stocktakeStreamId, type StocktakeEvent } from '../domain/stocktake-events';

/** Appends kept losing to concurrent writers of the stocktake or its items; the client may simply try again. */
export class StocktakeContentionError extends Error {
  constructor(readonly stocktakeId: string) {
    super(`stocktake ${stocktakeId} or its items are changing too fast to apply this change; try again`);
    this.name = 'StocktakeContentionError';
  }
}

/** A lost race is decided again on the streams as they then are, a few times. */
const MAX_ATTEMPTS = 5;

export interface LoadedStocktake {
  readonly state: Stocktake;
  readonly events: readonly StoredEvent[];
}

/** The streams a stocktake command decides on: the stocktake's own, and its items'. */
@Injectable()
export class StocktakeStreams {
  constructor(readonly store: EventStore) {}

  async stocktake(stocktakeId: string): Promise<LoadedStocktake> {
    const events = await this.store.readStream(stocktakeStreamId(stocktakeId));
    return { state: fold(events as unknown as StocktakeEvent[]), events };
  }

  /** Each item's whole stream, by item id; an item without events is absent. */
  async items(itemIds: readonly string[]): Promise<ReadonlyMap<string, readonly StoredEvent[]>> {
    const streams = await this.store.readStreams(new Map(itemIds.map((id) => [itemStreamId(id), 0])));
    return new Map(
      itemIds.flatMap((id) => {
        const events = streams.get(itemStreamId(id));
        return events ? [[id, events] as const] : [];
      }),
    );
  }

  /** Runs load-decide-append again while the append loses to a concurrent writer. */
  async retrying<T>(stocktakeId: string, attempt: () => Promise<T>): Promise<T> {
    for (let round = 1; round <= MAX_ATTEMPTS; round += 1) {
      try {
        return await attempt();
      } catch (error) {
        if (!(error instanceof VersionConflictError)) throw error;
      }
    }
    throw new StocktakeContentionError(stocktakeId);
  }
}

export const inventoryEvents = (events: readonly StoredEvent[]) => events as unknown as InventoryEvent[];
