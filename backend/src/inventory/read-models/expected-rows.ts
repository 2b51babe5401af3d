import type { LoggedEvent } from '../../projections';
import { evolve, initialItem, thresholdAt, type Item } from '../domain/item';
import { movedAt, type InventoryEvent, type InventoryEventMetadata } from '../domain/item-events';
import { toItemView } from '../queries/impl/item-view';
import type { HistoryEntry, ItemView } from '../queries/impl/views';

/**
 * What the read models should hold, computed from the events in TypeScript with the domain's own
 * fold, independently of the projections' SQL: verify compares the two.
 */

export interface InventoryRecord {
  readonly position: number;
  readonly version: number;
  readonly event: InventoryEvent;
  readonly metadata: Partial<InventoryEventMetadata>;
  readonly at: Date;
}

/** An event verify read, as the inventory's own (its projections apply only inventory events). */
export const inventoryRecord = (event: LoggedEvent): InventoryRecord => ({
  position: event.position,
  version: event.version,
  event: { type: event.type, data: event.data } as InventoryEvent,
  metadata: event.metadata,
  at: event.at,
});

/** An item row: the API view plus the position of the event it last reflects. */
export type ExpectedItem = ItemView & { readonly position: number };

export class ItemFold {
  private readonly items = new Map<string, { item: Item; at: Date; position: number }>();

  add(record: InventoryRecord): void {
    const id = record.event.data.itemId;
    const current = this.items.get(id);
    this.items.set(id, { item: evolve(current?.item ?? initialItem(), record.event), at: record.at, position: record.position });
  }

  /** Each item's units and threshold at each location it ever had stock or a threshold at. */
  *stock(): Generator<{ itemId: string; locationId: string; quantity: number; lowStockThreshold: number | null }> {
    for (const [itemId, { item }] of this.items) {
      if (item.status === 'absent') continue;
      for (const [locationId, quantity] of Object.entries(item.stock)) {
        yield { itemId, locationId, quantity, lowStockThreshold: thresholdAt(item.thresholds, locationId) };
      }
    }
  }

  *expected(): Generator<ExpectedItem> {
    for (const { item, at, position } of this.items.values()) {
      if (item.status !== 'absent') yield { ...toItemView(item, at), position };
    }
  }
}

/** A history row: the API entry plus the columns the API does not show (the location of every row, not only a threshold's). */
export type ExpectedHistory = Omit<HistoryEntry, 'locationId'> & {
  readonly itemId: string;
  readonly version: number;
  readonly locationId: string | null;
};

export function expectedHistory({ position, version, event, metadata, at }: InventoryRecord): ExpectedHistory {
  const common = {
    position,
    itemId: event.data.itemId,
    version,
    at: at.toISOString(),
    user: metadata.userId === undefined ? null : { id: metadata.userId, username: metadata.username ?? '' },
    reason: event.data.reason,
  };
  switch (event.type) {
    case 'ItemChanged':
      return {
        ...common,
        type: event.data.kind,
        before: event.data.before,
        after: event.data.after,
        quantityBefore: event.data.quantity,
        quantityAfter: event.data.quantity,
        quantity: null,
        note: null,
        locationId: null,
      };
    case 'StockMoved':
      return {
        ...common,
        type: event.data.type,
        before: null,
        after: null,
        quantityBefore: event.data.quantityBefore,
        quantityAfter: event.data.quantityAfter,
        quantity: event.data.quantity,
        note: event.data.note,
        movementId: event.data.movementId,
        locationId: movedAt(event.data),
        ...(event.data.reverses !== undefined && { reverses: event.data.reverses }),
      };
    case 'LocationThresholdSet':
      return {
        ...common,
        type: 'threshold',
        before: null,
        after: null,
        quantityBefore: event.data.quantity,
        quantityAfter: event.data.quantity,
        quantity: null,
        note: null,
        locationId: event.data.locationId,
        thresholdBefore: event.data.before,
        thresholdAfter: event.data.after,
      };
    case 'StockTransferred': {
      const { transferId, fromLocationId, toLocationId } = event.data;
      return {
        ...common,
        type: 'TRANSFER',
        before: null,
        after: null,
        quantityBefore: event.data.quantityTotal,
        quantityAfter: event.data.quantityTotal,
        quantity: event.data.quantity,
        note: null,
        movementId: transferId,
        locationId: fromLocationId,
        transferId,
        fromLocationId,
        toLocationId,
        ...(event.data.reverses !== undefined && { reverses: event.data.reverses }),
      };
    }
    default: {
      const unknown: never = event;
      throw new Error(`unknown inventory event ${JSON.stringify(unknown)}`);
    }
  }
}
