import type { HistoryEntry, HistoryEntryType, ItemView } from '../inventory/queries/impl/views';

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
}

export interface HistoryChange extends ProjectedEvent {
  readonly entry: HistoryEntry;
}

/**
 * Published on the EventBus after a projection's live batch commits, in the process that applied
 * it (so exactly once across replicas), never for a replay. Sagas take `ofType(ItemsProjected)`
 * or `ofType(HistoryProjected)`; `ofType(ProjectionUpdated)` takes both.
 */
export class ProjectionUpdated<Change = ItemChange | HistoryChange> {
  constructor(
    public readonly projection: string,
    public readonly changes: readonly Change[],
  ) {}
}

export class ItemsProjected extends ProjectionUpdated<ItemChange> {}

export class HistoryProjected extends ProjectionUpdated<HistoryChange> {}
