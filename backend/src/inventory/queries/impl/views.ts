import type { ItemChangeKind, ItemFields, MovementType, StockMovedData } from '../../domain/item-events';

/** An item as the API shows it (docs/API.md, Items). */
export interface ItemView {
  readonly id: string;
  readonly sku: string;
  readonly name: string;
  readonly description: string;
  readonly unit: string;
  readonly quantity: number;
  readonly lowStockThreshold: number;
  readonly price: number | null;
  readonly reorderPoint: number | null;
  readonly reorderQuantity: number | null;
  readonly leadTimeDays: number | null;
  /** Null when the item has none. */
  readonly barcode: string | null;
  /** `isLowStock(quantity, lowStockThreshold)` from domain/low-stock.ts. */
  readonly lowStock: boolean;
  readonly archived: boolean;
  /** The item stream's version: what a client sends back as `If-Match`. */
  readonly version: number;
  /** ISO time of the item's last event. */
  readonly updatedAt: string;
}

/** An item as the items list and GET /api/items/:id show it: with when a posted stocktake last counted it. */
export interface ListedItemView extends ItemView {
  /** ISO time of its last count in a posted stocktake; null when never counted. */
  readonly lastCountedAt: string | null;
}

/** An item's units at one location. */
export interface ItemLocationStock {
  readonly locationId: string;
  readonly code: string;
  readonly quantity: number;
  /** The item's threshold at this location (PUT /api/items/:id/locations/:locationId); null: none. */
  readonly lowStockThreshold: number | null;
  /** At or below the location's threshold; false where it has none. */
  readonly lowStock: boolean;
}

/** One item as GET /api/items/:id shows it: with each location that holds stock of it or has a threshold for it. */
export interface ItemDetailView extends ListedItemView {
  readonly locations: readonly ItemLocationStock[];
}

/** Who caused an event, from its metadata. */
export interface Actor {
  readonly id: string;
  readonly username: string;
}

/** What the movements list holds: the `StockMoved` types, and transfers (`StockTransferred`). */
export type ListedMovementType = MovementType | 'TRANSFER';

export const LISTED_MOVEMENT_TYPES: readonly ListedMovementType[] = ['IN', 'OUT', 'ADJUST', 'TRANSFER'];

/** Where a transfer took units from and put them; carried by transfers only. */
export interface TransferEnds {
  /** The transfer's id (the entry's `id`). */
  readonly transferId?: string;
  readonly fromLocationId?: string;
  readonly toLocationId?: string;
}

/**
 * One stock movement as the API lists it (GET /api/stock-movements): the event's data, who, when, where.
 * A transfer is one entry: its `quantity` the units moved, `quantityBefore` and `quantityAfter` the item's
 * unchanged total, `locationId` its source, `note` null.
 */
export interface StockMovementView extends Omit<StockMovedData, 'movementId' | 'locationId' | 'type'>, TransferEnds {
  /** The movement id. */
  readonly id: string;
  readonly type: ListedMovementType;
  /** Where the stock moved (the main location for movements recorded without one); a transfer's source. */
  readonly locationId: string;
  readonly user: Actor | null;
  /** ISO time. */
  readonly at: string;
  /** The event's global position. */
  readonly position: number;
  /** The id of the movement that reversed this one, once one has. */
  readonly reversedBy?: string;
}

/** A stock movement as the movements list and its export show it: with the item's current SKU and name. */
export interface ListedStockMovement extends StockMovementView {
  readonly item: ItemLabel;
}

export interface ItemLabel {
  readonly sku: string;
  readonly name: string;
}

/** What happened to an item: `ItemChanged` kinds, `StockMoved` types, transfers, and `threshold` (`LocationThresholdSet`). */
export type HistoryEntryType = ItemChangeKind | ListedMovementType | 'threshold';

/** Which movement a correction reverses, and which correction reversed a movement; each only where there is one. */
export interface Reversals {
  readonly reverses?: string;
  readonly reversedBy?: string;
}

/** A `threshold` history entry's location and its low-stock threshold there before and after (null: none). */
export interface ThresholdChange {
  readonly locationId?: string;
  readonly thresholdBefore?: number | null;
  readonly thresholdAfter?: number | null;
}

/** One line of an item's history (GET /api/items/:id/history), newest first. */
export interface HistoryEntry extends TransferEnds, ThresholdChange, Reversals {
  readonly position: number;
  /** Stock movements and transfers only: the movement's id (a transfer's is also its `transferId`). */
  readonly movementId?: string;
  readonly type: HistoryEntryType;
  /** ISO time. */
  readonly at: string;
  readonly user: Actor | null;
  /** Item fields before and after an `ItemChanged`; both null for stock movements. */
  readonly before: ItemFields | null;
  readonly after: ItemFields | null;
  /** Equal for `ItemChanged` entries (the quantity the item then had). */
  readonly quantityBefore: number;
  readonly quantityAfter: number;
  /** Units moved for stock movements (signed difference for ADJUST) and transfers; null for `ItemChanged`. */
  readonly quantity: number | null;
  readonly reason: string | null;
  readonly note: string | null;
}
