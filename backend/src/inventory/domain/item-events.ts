/**
 * The inventory's events, as stored in the event log. Each item is one stream `item-<uuid>`.
 * Shared contract of the write side (deciders) and the read side (projections).
 */

export const itemStreamId = (itemId: string) => `item-${itemId}`;

/**
 * The location that always exists (the locations feature names it). Stock recorded before there were
 * locations (a `StockMoved` without `locationId`, an item's initial quantity) is there: decided when
 * the events are read (`movedAt`), the history itself is never rewritten.
 */
export const MAIN_LOCATION_ID = '00000000-0000-4000-8000-00000000a001';

/** The fields a manager edits; quantity changes only through stock movements. */
export interface ItemFields {
  readonly sku: string;
  readonly name: string;
  readonly description: string;
  readonly unit: string;
  readonly lowStockThreshold: number;
  /** Unit price in the shop's currency, two decimals; null when not priced. */
  readonly price: number | null;
  /** EAN/UPC/GTIN or any Code 128 text, unique; absent in events recorded before items had barcodes (none). */
  readonly barcode?: string | null;
}

/** The item's barcode as stored or upcast: null when none. */
export const barcodeOf = (fields: ItemFields): string | null => fields.barcode ?? null;

export type ItemChangeKind = 'created' | 'updated' | 'archived' | 'restored';

export interface ItemChangedData {
  readonly itemId: string;
  readonly kind: ItemChangeKind;
  /** null for `created`. */
  readonly before: ItemFields | null;
  readonly after: ItemFields;
  /**
   * The item's quantity when the event happened: the initial quantity for `created` (0 unless given),
   * the unchanged current quantity for `updated`, `archived` and `restored`; carried for readers' convenience.
   */
  readonly quantity: number;
  readonly reason: string | null;
}

export type MovementType = 'IN' | 'OUT' | 'ADJUST';

export interface StockMovedData {
  readonly itemId: string;
  readonly movementId: string;
  readonly type: MovementType;
  /** Units moved: positive for IN, positive for OUT (taken away), signed difference for ADJUST. */
  readonly quantity: number;
  readonly quantityBefore: number;
  readonly quantityAfter: number;
  readonly reason: string | null;
  readonly note: string | null;
  /**
   * Where the stock moved; `quantityBefore` and `quantityAfter` stay the item's totals. Absent in
   * events recorded before there were locations: those moved stock at the main location.
   */
  readonly locationId?: string;
}

/**
 * Units moved from one location to another of the same item: both legs in one event, so that no
 * reader ever sees a half transfer (the item's total never changes on the way).
 */
export interface StockTransferredData {
  readonly itemId: string;
  /** The transfer's movement id. */
  readonly transferId: string;
  readonly fromLocationId: string;
  readonly toLocationId: string;
  /** Units moved: positive. */
  readonly quantity: number;
  /** The item's total, unchanged by a transfer. */
  readonly quantityTotal: number;
  readonly fromBefore: number;
  readonly fromAfter: number;
  readonly toBefore: number;
  readonly toAfter: number;
  readonly reason: string | null;
}

/** A transfer's event data: the units at each end after it follow from those before. */
export const transferred = (
  data: Omit<StockTransferredData, 'fromAfter' | 'toAfter'>,
): { readonly type: 'StockTransferred'; readonly data: StockTransferredData } => ({
  type: 'StockTransferred',
  data: { ...data, fromAfter: data.fromBefore - data.quantity, toAfter: data.toBefore + data.quantity },
});

/** The location a movement moved stock at, as stored or upcast. */
export const movedAt = (data: StockMovedData): string => data.locationId ?? MAIN_LOCATION_ID;

/** A manager set or cleared the item's low-stock threshold at one location, beside its total one. */
export interface LocationThresholdSetData {
  readonly itemId: string;
  readonly locationId: string;
  /** The threshold at the location before and after; null: none (only the item's total is watched there). */
  readonly before: number | null;
  readonly after: number | null;
  /** The item's unchanged total quantity, carried for readers' convenience as `ItemChanged` carries it. */
  readonly quantity: number;
  readonly reason: string | null;
}

/** Every inventory event's metadata (the `events.metadata` column); the time is the row's `recorded_at`. */
// eslint-disable-next-line @typescript-eslint/consistent-type-definitions -- an interface gets no implicit index signature, and the store's EventMetadata has one
export type InventoryEventMetadata = {
  readonly userId: string;
  readonly username: string;
  readonly correlationId: string;
  /** The `Idempotency-Key` the command came with, if any. */
  readonly idempotencyKey?: string;
};

export type InventoryEvent =
  | { readonly type: 'ItemChanged'; readonly data: ItemChangedData }
  | { readonly type: 'StockMoved'; readonly data: StockMovedData }
  | { readonly type: 'LocationThresholdSet'; readonly data: LocationThresholdSetData }
  | { readonly type: 'StockTransferred'; readonly data: StockTransferredData };

export type InventoryEventType = InventoryEvent['type'];
