import { LRUCache } from 'lru-cache';
import type { EventStore } from '../../event-store';
import { fold, initialItem, type Item } from '../domain/item';
import type { InventoryEvent } from '../domain/item-events';

export interface ItemSnapshot {
  readonly item: Item;
  /** Time of the last event folded; null for an absent item. */
  readonly updatedAt: Date | null;
}

const EMPTY: ItemSnapshot = { item: initialItem(), updatedAt: null };

/**
 * Folded item states kept in memory. A load reads only the events after the cached version,
 * so it costs one indexed read of (usually) nothing instead of re-reading the stream.
 */
export class ItemStates {
  private readonly snapshots: LRUCache<string, ItemSnapshot>;

  constructor(
    private readonly store: EventStore,
    maxItems = 50_000,
  ) {
    this.snapshots = new LRUCache({ max: maxItems });
  }

  /** The state as this process last saw it, without asking the database: other processes may have moved on. */
  cached(streamId: string): ItemSnapshot | undefined {
    return this.snapshots.get(streamId);
  }

  async load(streamId: string): Promise<ItemSnapshot> {
    const cached = this.snapshots.get(streamId) ?? EMPTY;
    const events = await this.store.readStream(streamId, cached.item.version);
    const last = events.at(-1);
    if (last === undefined) return cached;
    const snapshot = {
      item: fold(events as unknown as InventoryEvent[], cached.item),
      updatedAt: last.recordedAt,
    };
    this.snapshots.set(streamId, snapshot);
    return snapshot;
  }

  remember(streamId: string, snapshot: ItemSnapshot): void {
    this.snapshots.set(streamId, snapshot);
  }

  forget(streamId: string): void {
    this.snapshots.delete(streamId);
  }
}
