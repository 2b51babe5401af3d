import type { Item } from '../domain/item';
import { barcodeOf, movedAt, type InventoryEvent, type StockMovedData, type StockTransferredData } from '../domain/item-events';
import { isLowStock } from '../domain/low-stock';
import type { Actor, ItemView, StockMovementView } from '../queries/impl/views';
import type { CommandContext } from './impl/command-context';
import type { ItemSnapshot } from './item-states';

/** The movement as recorded; its global position is not known before the append, so it is left out. */
export type RecordedMovement = Omit<StockMovementView, 'position'>;

/** POST /api/stock-movements answers the movement and the item as it stands after it. */
export interface MovementResult {
  readonly movement: RecordedMovement;
  readonly item: ItemView;
}

/** A transfer as recorded: as the movements list shows it, with the units at each end before and after. */
export type RecordedTransfer = RecordedMovement &
  Required<Pick<RecordedMovement, 'transferId' | 'fromLocationId' | 'toLocationId'>> &
  Pick<StockTransferredData, 'fromBefore' | 'fromAfter' | 'toBefore' | 'toAfter'>;

/** POST /api/transfers answers the transfer and the item as it stands after it. */
export interface TransferResult {
  readonly transfer: RecordedTransfer;
  readonly item: ItemView;
}

export function toItemView(item: Item, updatedAt: Date): ItemView {
  if (item.status === 'absent') throw new Error('an absent item has no view');
  return {
    id: item.id,
    ...item.fields,
    barcode: barcodeOf(item.fields),
    quantity: item.quantity,
    lowStock: isLowStock(item.quantity, item.fields.lowStockThreshold),
    archived: item.status === 'archived',
    version: item.version,
    updatedAt: updatedAt.toISOString(),
  };
}

function toRecordedMovement(moved: StockMovedData, user: Actor, at: Date): RecordedMovement {
  const { movementId, ...data } = moved;
  return { id: movementId, ...data, locationId: movedAt(moved), user, at: at.toISOString() };
}

/** Item commands answer the item as it stands after them. */
export const itemAnswer = ({ item, updatedAt }: ItemSnapshot): ItemView => toItemView(item, updatedAt ?? new Date());

/** Stock commands answer the movement and the item after it. */
export const movementAnswer =
  (context: CommandContext) =>
  (after: ItemSnapshot, events: readonly InventoryEvent[]): MovementResult => {
    const moved = events.find((event) => event.type === 'StockMoved');
    if (!moved) throw new Error('a stock command produced no movement');
    return { movement: toRecordedMovement(moved.data, context.user, context.now), item: itemAnswer(after) };
  };

function toRecordedTransfer(transferred: StockTransferredData, user: Actor, at: Date): RecordedTransfer {
  const { transferId, fromLocationId, quantityTotal, ...data } = transferred;
  return {
    id: transferId,
    type: 'TRANSFER',
    ...data,
    quantityBefore: quantityTotal,
    quantityAfter: quantityTotal,
    locationId: fromLocationId,
    note: null,
    transferId,
    fromLocationId,
    user,
    at: at.toISOString(),
  };
}

/** A transfer answers itself and the item after it. */
export const transferAnswer =
  (context: CommandContext) =>
  (after: ItemSnapshot, events: readonly InventoryEvent[]): TransferResult => {
    const transferred = events.find((event) => event.type === 'StockTransferred');
    if (!transferred) throw new Error('a transfer produced no StockTransferred event');
    return { transfer: toRecordedTransfer(transferred.data, context.user, context.now), item: itemAnswer(after) };
  };
