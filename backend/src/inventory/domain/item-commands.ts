import type { ItemFields } from './item-events';

/** Ids (item, movement) are generated at the edge, so that deciding stays pure. */
export type ItemCommand =
  | { readonly type: 'CreateItem'; readonly data: ItemRef & { readonly fields: ItemFields; readonly quantity: number } }
  | {
      readonly type: 'UpdateItem';
      readonly data: ItemRef & {
        readonly changes: Partial<ItemFields>;
        /** From `If-Match`: the version the client last saw. */
        readonly expectedVersion?: number | undefined;
        readonly reason: string | null;
      };
    }
  | { readonly type: 'ArchiveItem'; readonly data: ItemRef & { readonly reason: string | null } }
  | {
      readonly type: 'RestoreItem';
      readonly data: ItemRef & {
        /** From `If-Match`: the version the client last saw. */
        readonly expectedVersion?: number | undefined;
        readonly reason: string | null;
      };
    }
  | { readonly type: 'ReceiveStock'; readonly data: Movement }
  | { readonly type: 'IssueStock'; readonly data: Movement }
  | { readonly type: 'AdjustStock'; readonly data: Stocktake }
  | { readonly type: 'SetLocationThreshold'; readonly data: LocationThreshold }
  | { readonly type: 'TransferStock'; readonly data: Transfer };

export interface ItemRef {
  readonly itemId: string;
}

export interface Movement extends ItemRef {
  readonly movementId: string;
  /** Where: a location the edge found to exist and not archived. */
  readonly locationId: string;
  /** Units moved: a positive integer. */
  readonly quantity: number;
  readonly reason: string | null;
  readonly note: string | null;
}

export interface Stocktake extends ItemRef {
  readonly movementId: string;
  readonly locationId: string;
  /** The quantity counted on the shelf at that location: zero or more. */
  readonly countedQuantity: number;
  readonly reason: string | null;
  readonly note: string | null;
}

export interface LocationThreshold extends ItemRef {
  /** A location the edge found to exist and not archived. */
  readonly locationId: string;
  /** A whole number of zero or more; null clears the location's threshold. */
  readonly lowStockThreshold: number | null;
  /** From `If-Match`: the version the client last saw. */
  readonly expectedVersion?: number | undefined;
  readonly reason: string | null;
}

export interface Transfer extends ItemRef {
  readonly transferId: string;
  /** Both locations the edge found to exist and not archived. */
  readonly fromLocationId: string;
  readonly toLocationId: string;
  /** Units moved: a positive integer. */
  readonly quantity: number;
  readonly reason: string | null;
}
