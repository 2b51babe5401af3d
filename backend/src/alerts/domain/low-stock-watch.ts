import { evolve, initialItem, isLowStock, stockAt, thresholdAt, type InventoryEvent, type Item } from '../../inventory';
import type { LowStockAlertRaisedData } from './alert-events';

/** An inventory event with its global position. */
export type PositionedItemEvent = InventoryEvent & { readonly position: number };

type ExistingItem = Extract<Item, { status: 'active' | 'archived' }>;

/**
 * What the low-stock saga knows of one item, folded from its stream with the inventory's own fold:
 * the item, and the crossing that began each current low spell — of its total, and at each location
 * where it has a threshold. A crossing is an event that takes the total (or the units at a location)
 * from above its threshold to at or below it: a stock movement, or a change of the threshold. An item
 * created low had no crossing (nothing ran low, it started that way), and an archived one wants no alert.
 * Every event is compared as the states before and after it, so an event that moves stock between
 * locations needs nothing here beyond the inventory's fold.
 */
export interface LowStockWatch {
  /** Events folded: the item stream's version. */
  readonly version: number;
  readonly item: Item;
  /** The alert the total's current low spell calls for; null while above its threshold, archived, or low since its creation. */
  readonly crossing: LowStockAlertRaisedData | null;
  /** The alerts the low spells at locations call for, by location id; a location above its threshold (or without one) is absent. */
  readonly atLocations: Readonly<Record<string, LowStockAlertRaisedData>>;
}

export const initialWatch = (): LowStockWatch => ({ version: 0, item: initialItem(), crossing: null, atLocations: {} });

const lowInTotal = (item: Item): item is ExistingItem & { status: 'active' } =>
  item.status === 'active' && isLowStock(item.quantity, item.fields.lowStockThreshold);

function lowAt(item: Item, locationId: string): item is ExistingItem & { status: 'active' } {
  if (item.status !== 'active') return false;
  const threshold = thresholdAt(item.thresholds, locationId);
  return threshold !== null && isLowStock(stockAt(item.stock, locationId), threshold);
}

const alertOf = (item: ExistingItem, quantity: number, threshold: number, causedByPosition: number): LowStockAlertRaisedData => ({
  itemId: item.id,
  sku: item.fields.sku,
  name: item.fields.name,
  unit: item.fields.unit,
  quantity,
  threshold,
  causedByPosition,
});

/** The crossing of the total after `event`: kept while the low spell goes on, new when the event began one. */
function totalCrossing(watch: LowStockWatch, item: ExistingItem, position: number): LowStockAlertRaisedData | null {
  if (!lowInTotal(item)) return null;
  if (lowInTotal(watch.item)) return watch.crossing;
  return alertOf(item, item.quantity, item.fields.lowStockThreshold, position);
}

/** The crossings at locations after `event`, by the same rule as the total's, each location on its own. */
function locationCrossings(watch: LowStockWatch, item: ExistingItem, position: number): Record<string, LowStockAlertRaisedData> {
  const crossings: Record<string, LowStockAlertRaisedData> = {};
  for (const [locationId, threshold] of Object.entries(item.thresholds)) {
    if (!lowAt(item, locationId)) continue;
    if (!lowAt(watch.item, locationId))
      crossings[locationId] = { ...alertOf(item, stockAt(item.stock, locationId), threshold, position), locationId };
    else if (watch.atLocations[locationId]) crossings[locationId] = watch.atLocations[locationId];
  }
  return crossings;
}

function evolveWatch(watch: LowStockWatch, event: PositionedItemEvent): LowStockWatch {
  const item = evolve(watch.item, event);
  if (item.status === 'absent' || watch.item.status === 'absent') return { version: item.version, item, crossing: null, atLocations: {} };
  return {
    version: item.version,
    item,
    crossing: totalCrossing(watch, item, event.position),
    atLocations: locationCrossings(watch, item, event.position),
  };
}

export const foldWatch = (events: readonly PositionedItemEvent[], from: LowStockWatch = initialWatch()): LowStockWatch =>
  events.reduce(evolveWatch, from);
