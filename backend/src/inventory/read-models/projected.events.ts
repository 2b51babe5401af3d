import { ProjectionUpdated } from '../../projections';
import type { HistoryEntry, HistoryEntryType, ItemView } from '../queries/impl/views';

/** One event a live batch applied, with the read-model row it produced. */
interface ProjectedEvent {
  readonly itemId: string;
  /** The event's global position. */
  readonly position: number;
  /** The item stream's version the event made. */
  readonly version: number;
  readonly type: HistoryEntryType;
}

export interface ItemChange extends ProjectedEvent {
  /** The item as `read_items` holds it once the whole batch is applied. */
  readonly item: ItemView;
  /** Whether the item has ever had a threshold at a location (its stream, up to now, holds a `LocationThresholdSet`). */
  readonly hasLocationThresholds: boolean;
}

export interface HistoryChange extends ProjectedEvent {
  readonly entry: HistoryEntry;
}

/** A live batch of the items projection committed (sagas: `ofType(ItemsProjected)`). */
export class ItemsProjected extends ProjectionUpdated<ItemChange> {}

/** A live batch of the history projection committed. */
export class HistoryProjected extends ProjectionUpdated<HistoryChange> {}
