import { isLowStock, type InventoryEvent } from '../../inventory';
import type { LowStockAlertRaisedData } from './alert-events';

/** An inventory event with its global position. */
export type PositionedItemEvent = InventoryEvent & { readonly position: number };

interface WatchedItem {
  readonly itemId: string;
  readonly sku: string;
  readonly name: string;
  readonly unit: string;
  readonly quantity: number;
  readonly threshold: number;
  readonly archived: boolean;
}

/**
 * What the low-stock saga knows of one item, folded from its stream: the item, and the crossing
 * that began its current low spell. A crossing is an event that takes the item from above its
 * threshold to at or below it: a stock movement, or an edit of the threshold. An item created low
 * had no crossing (nothing ran low, it started that way), and an archived one wants no alert.
 */
export interface LowStockWatch {
  /** Events folded: the item stream's version. */
  readonly version: number;
  readonly item: WatchedItem | null;
  /** The alert the current low spell calls for; null while the item is above its threshold, archived, or low since its creation. */
  readonly crossing: LowStockAlertRaisedData | null;
}

export const initialWatch = (): LowStockWatch => ({ version: 0, item: null, crossing: null });

const isLow = (item: WatchedItem | null): item is WatchedItem =>
  item !== null && !item.archived && isLowStock(item.quantity, item.threshold);

function itemAfter(before: WatchedItem | null, event: InventoryEvent): WatchedItem | null {
  switch (event.type) {
    case 'ItemChanged': {
      const { itemId, after, quantity, kind } = event.data;
      const { sku, name, unit, lowStockThreshold: threshold } = after;
      return { itemId, sku, name, unit, quantity, threshold, archived: kind === 'archived' };
    }
    case 'StockMoved':
      return before && { ...before, quantity: event.data.quantityAfter };
    // Moves units between locations: the total, all this watch knows, stays as it was.
    case 'StockTransferred':
      return before && { ...before, quantity: event.data.quantityTotal };
    default: {
      const unknown: never = event;
      throw new Error(`unknown inventory event ${JSON.stringify(unknown)}`);
    }
  }
}

function evolveWatch(watch: LowStockWatch, event: PositionedItemEvent): LowStockWatch {
  const before = watch.item;
  const item = itemAfter(before, event);
  const version = watch.version + 1;
  if (!isLow(item) || before === null) return { version, item, crossing: null };
  if (isLow(before)) return { version, item, crossing: watch.crossing };
  const { archived: _archived, ...alert } = item;
  return { version, item, crossing: { ...alert, causedByPosition: event.position } };
}

export const foldWatch = (events: readonly PositionedItemEvent[], from: LowStockWatch = initialWatch()): LowStockWatch =>
  events.reduce(evolveWatch, from);
