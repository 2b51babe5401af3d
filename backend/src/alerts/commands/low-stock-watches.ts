import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { FreshLookups } from '../../database';
import { EventStore } from '../../event-store';
import type { StoredEvent } from '../../event-store';
import { itemStreamId, type InventoryEvent } from '../../inventory';
import { foldWatch, initialWatch, type LowStockWatch, type PositionedItemEvent } from '../domain/low-stock-watch';

const positioned = (event: StoredEvent): PositionedItemEvent =>
  ({ type: event.type, data: event.data, position: event.position }) as PositionedItemEvent;

/**
 * Each item's low-stock watch, folded from its stream and kept in memory: a load reads only the
 * events after the cached version, and the loads asked for together (a batch's items) share one
 * query, begun after each was asked for (FreshLookups), so a batch costs one round trip, not one per item.
 */
@Injectable()
export class LowStockWatches {
  private readonly watches = new LRUCache<string, LowStockWatch>({ max: 50_000 });
  private readonly fresh = new FreshLookups<LowStockWatch>((itemIds) => this.read(itemIds));

  constructor(private readonly store: EventStore) {}

  async load(itemId: string): Promise<LowStockWatch> {
    return (await this.fresh.load(itemId)) ?? initialWatch();
  }

  private async read(itemIds: readonly string[]): Promise<ReadonlyMap<string, LowStockWatch>> {
    const cached = new Map(itemIds.map((itemId) => [itemId, this.watches.get(itemId) ?? initialWatch()] as const));
    const streams = await this.store.readStreams(
      new Map(itemIds.map((itemId) => [itemStreamId(itemId), cached.get(itemId)?.version ?? 0])),
    );
    return new Map(
      itemIds.map((itemId) => {
        const from = cached.get(itemId) ?? initialWatch();
        const events = streams.get(itemStreamId(itemId));
        if (!events) return [itemId, from] as const;
        const watch = foldWatch(
          events.map((event) => positioned(event as StoredEvent<InventoryEvent['type']>)),
          from,
        );
        this.watches.set(itemId, watch);
        return [itemId, watch] as const;
      }),
    );
  }
}
