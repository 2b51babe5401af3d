import type { Item } from '../../domain/item';
import { barcodeOf } from '../../domain/item-events';
import { isLowStock } from '../../domain/low-stock';
import type { ItemView } from './views';

/** The item as every answer and read model shows it, from the domain's fold. */
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
