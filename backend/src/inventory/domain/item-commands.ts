import type { ItemFields, MovementType } from './item-events';

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
  | { readonly type: 'TransferStock'; readonly data: Transfer }
  | { readonly type: 'ReverseMovement'; readonly data: Reversal };

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

/** A recorded movement as a reversal needs it: what moved where, who recorded it, and whether it is itself a reversal. */
export type ReversibleMovement = RecordedMove & {
  readonly movementId: string;
  /** The user who recorded it; null for events without one. */
  readonly recordedBy: string | null;
  /** The movement it reversed, when it is itself a correction. */
  readonly reverses: string | null;
};

export type RecordedMove =
  | {
      readonly type: MovementType;
      /** As recorded: positive for IN and OUT, the signed difference for ADJUST. */
      readonly quantity: number;
      readonly locationId: string;
    }
  | { readonly type: 'TRANSFER'; readonly quantity: number; readonly fromLocationId: string; readonly toLocationId: string };

export interface Reversal extends ItemRef {
  /** The correcting movement's id. */
  readonly movementId: string;
  readonly original: ReversibleMovement;
  /** Who asks: staff may reverse only what they recorded, managers anything. */
  readonly by: { readonly userId: string; readonly mayReverseAnyones: boolean };
  readonly reason: string;
}
