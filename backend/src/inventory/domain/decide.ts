import { validBarcode } from './barcode';
import { stockAt, thresholdAt, type Item } from './item';
import type { ItemCommand, Movement, Stocktake, Transfer } from './item-commands';
import {
  InsufficientStockError,
  InvalidQuantityError,
  ItemAlreadyExistsError,
  ItemArchivedError,
  ItemNotArchivedError,
  ItemNotFoundError,
  SameLocationTransferError,
  StaleVersionError,
} from './item-errors';
import { transferred, type InventoryEvent, type ItemFields, type MovementType } from './item-events';

type ExistingItem = Extract<Item, { status: 'active' | 'archived' }>;
type ActiveItem = ExistingItem & { status: 'active' };

const existing = (item: Item, itemId: string): ExistingItem => {
  if (item.status === 'absent') throw new ItemNotFoundError(itemId);
  return item;
};

function atVersion<T extends ExistingItem>(item: T, expectedVersion: number | undefined): T {
  if (expectedVersion !== undefined && expectedVersion !== item.version) throw new StaleVersionError(expectedVersion, item.version);
  return item;
}

const active = (item: Item, itemId: string): ActiveItem => {
  const found = existing(item, itemId);
  if (found.status === 'archived') throw new ItemArchivedError(found.id);
  return found as ActiveItem;
};

function wholeNumber(quantity: number, { positive }: { positive: boolean }): number {
  if (!Number.isSafeInteger(quantity) || quantity < (positive ? 1 : 0)) {
    throw new InvalidQuantityError(quantity, positive ? 'a positive whole number' : 'a whole number of zero or more');
  }
  return quantity;
}

/** A field absent from an event recorded before it existed equals its null. */
const sameFields = (a: ItemFields, b: ItemFields) =>
  [...new Set([...Object.keys(a), ...Object.keys(b)])].every(
    (field) => (a[field as keyof ItemFields] ?? null) === (b[field as keyof ItemFields] ?? null),
  );

/** Refuses a barcode given that is not valid; null (none, or cleared) always is. */
const checkBarcode = ({ barcode }: Partial<ItemFields>) => barcode === undefined || barcode === null || validBarcode(barcode);

function stockMoved(
  item: ActiveItem,
  type: MovementType,
  movement: Movement | Stocktake,
  quantity: number,
  moved: number,
): InventoryEvent[] {
  const quantityAfter = item.quantity + moved;
  return [
    {
      type: 'StockMoved',
      data: {
        itemId: item.id,
        movementId: movement.movementId,
        type,
        quantity,
        quantityBefore: item.quantity,
        quantityAfter,
        reason: movement.reason,
        note: movement.note,
        locationId: movement.locationId,
      },
    },
  ];
}

function stockTransferred(item: ActiveItem, transfer: Transfer): InventoryEvent[] {
  const { transferId, fromLocationId, toLocationId, reason } = transfer;
  if (fromLocationId === toLocationId) throw new SameLocationTransferError(fromLocationId);
  const quantity = wholeNumber(transfer.quantity, { positive: true });
  const fromBefore = stockAt(item.stock, fromLocationId);
  if (quantity > fromBefore) throw new InsufficientStockError(fromBefore, quantity);
  const toBefore = stockAt(item.stock, toLocationId);
  return [
    transferred({
      itemId: item.id,
      transferId,
      fromLocationId,
      toLocationId,
      quantity,
      quantityTotal: item.quantity,
      fromBefore,
      toBefore,
      reason,
    }),
  ];
}

/** The inventory's rules: what a command on an item's current state produces, or why it is refused. */
export function decide(command: ItemCommand, item: Item): InventoryEvent[] {
  const { itemId } = command.data;
  switch (command.type) {
    case 'CreateItem': {
      if (item.status !== 'absent') throw new ItemAlreadyExistsError(itemId);
      const { fields, quantity } = command.data;
      checkBarcode(fields);
      return [
        {
          type: 'ItemChanged',
          data: {
            itemId,
            kind: 'created',
            before: null,
            after: fields,
            quantity: wholeNumber(quantity, { positive: false }),
            reason: null,
          },
        },
      ];
    }
    case 'UpdateItem': {
      const { changes, expectedVersion, reason } = command.data;
      const found = atVersion(active(item, itemId), expectedVersion);
      checkBarcode(changes);
      const defined = Object.fromEntries(
        Object.entries<ItemFields[keyof ItemFields] | undefined>(changes).filter(([, value]) => value !== undefined),
      );
      const after: ItemFields = { ...found.fields, ...defined };
      if (sameFields(found.fields, after)) return [];
      return [{ type: 'ItemChanged', data: { itemId, kind: 'updated', before: found.fields, after, quantity: found.quantity, reason } }];
    }
    case 'ArchiveItem': {
      const found = active(item, itemId);
      return [
        {
          type: 'ItemChanged',
          data: {
            itemId,
            kind: 'archived',
            before: found.fields,
            after: found.fields,
            quantity: found.quantity,
            reason: command.data.reason,
          },
        },
      ];
    }
    case 'RestoreItem': {
      const { expectedVersion, reason } = command.data;
      const found = atVersion(existing(item, itemId), expectedVersion);
      if (found.status !== 'archived') throw new ItemNotArchivedError(itemId);
      return [
        {
          type: 'ItemChanged',
          data: { itemId, kind: 'restored', before: found.fields, after: found.fields, quantity: found.quantity, reason },
        },
      ];
    }
    case 'ReceiveStock': {
      const found = active(item, itemId);
      const quantity = wholeNumber(command.data.quantity, { positive: true });
      return stockMoved(found, 'IN', command.data, quantity, quantity);
    }
    case 'IssueStock': {
      const found = active(item, itemId);
      const quantity = wholeNumber(command.data.quantity, { positive: true });
      const available = stockAt(found.stock, command.data.locationId);
      if (quantity > available) throw new InsufficientStockError(available, quantity);
      return stockMoved(found, 'OUT', command.data, quantity, -quantity);
    }
    case 'AdjustStock': {
      const found = active(item, itemId);
      const counted = wholeNumber(command.data.countedQuantity, { positive: false });
      const difference = counted - stockAt(found.stock, command.data.locationId);
      return stockMoved(found, 'ADJUST', command.data, difference, difference);
    }
    case 'SetLocationThreshold': {
      const { locationId, lowStockThreshold, expectedVersion, reason } = command.data;
      const found = atVersion(active(item, itemId), expectedVersion);
      const after = lowStockThreshold === null ? null : wholeNumber(lowStockThreshold, { positive: false });
      const before = thresholdAt(found.thresholds, locationId);
      if (before === after) return [];
      return [{ type: 'LocationThresholdSet', data: { itemId, locationId, before, after, quantity: found.quantity, reason } }];
    }
    case 'TransferStock':
      return stockTransferred(active(item, itemId), command.data);
    default: {
      const unknown: never = command;
      throw new Error(`unknown item command ${JSON.stringify(unknown)}`);
    }
  }
}
