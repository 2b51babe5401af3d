import { LRUCache } from 'lru-cache';
import type { EventStore, StoredEvent } from '../../event-store';
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
    if (events.length === 0) return cached;
    return this.folded(streamId, cached, events);
  }

  /**
   * Folds into the cached state the events another process appended after it (an append's
   * conflict brings them); forgets the state when they do not follow it, so the next load reads.
   */
  catchUp(streamId: string, events: readonly StoredEvent[]): void {
    const cached = this.snapshots.get(streamId);
    if (cached && events[0]?.streamVersion === cached.item.version + 1) this.folded(streamId, cached, events);
    else this.snapshots.delete(streamId);
  }

  remember(streamId: string, snapshot: ItemSnapshot): void {
    this.snapshots.set(streamId, snapshot);
  }

  forget(streamId: string): void {
    this.snapshots.delete(streamId);
  }

  private folded(streamId: string, from: ItemSnapshot, events: readonly StoredEvent[]): ItemSnapshot {
    const snapshot = {
      item: fold(events as unknown as InventoryEvent[], from.item),
      updatedAt: events.at(-1)?.recordedAt ?? from.updatedAt,
    };
    this.snapshots.set(streamId, snapshot);
    return snapshot;
  }
}
