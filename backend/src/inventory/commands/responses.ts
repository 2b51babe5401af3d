import type { Item } from '../domain/item';
import type { StockMovedData } from '../domain/item-events';
import { isLowStock } from '../domain/low-stock';
import type { Actor, ItemView } from '../queries/impl/views';
import type { RecordedMovement } from './impl/results';

export function toItemView(item: Item, updatedAt: Date): ItemView {
  if (item.status === 'absent') throw new Error('an absent item has no view');
  return {
    id: item.id,
    ...item.fields,
    quantity: item.quantity,
    lowStock: isLowStock(item.quantity, item.fields.lowStockThreshold),
    archived: item.status === 'archived',
    version: item.version,
    updatedAt: updatedAt.toISOString(),
  };
}

export function toRecordedMovement({ movementId, ...data }: StockMovedData, user: Actor, at: Date): RecordedMovement {
  return { id: movementId, ...data, user, at: at.toISOString() };
}
