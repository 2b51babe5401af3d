import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { EventStore } from '../../event-store';
import type { StoredEvent } from '../../event-store';
import { itemStreamId, type InventoryEvent } from '../../inventory';
import { foldWatch, initialWatch, type LowStockWatch, type PositionedItemEvent } from '../domain/low-stock-watch';

const positioned = (event: StoredEvent): PositionedItemEvent =>
  ({ type: event.type, data: event.data, position: event.position }) as PositionedItemEvent;

/**
 * Each item's low-stock watch, folded from its stream and kept in memory: a load reads only the
 * events after the cached version, so a batch that leaves an item low costs one indexed read.
 */
@Injectable()
export class LowStockWatches {
  private readonly watches = new LRUCache<string, LowStockWatch>({ max: 50_000 });

  constructor(private readonly store: EventStore) {}

  async load(itemId: string): Promise<LowStockWatch> {
    const cached = this.watches.get(itemId) ?? initialWatch();
    const events = await this.store.readStream(itemStreamId(itemId), cached.version);
    if (events.length === 0) return cached;
    const watch = foldWatch(
      events.map((event) => positioned(event as StoredEvent<InventoryEvent['type']>)),
      cached,
    );
    this.watches.set(itemId, watch);
    return watch;
  }
}
