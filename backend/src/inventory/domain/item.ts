import { MAIN_LOCATION_ID, movedAt, withReorderFields, type InventoryEvent, type ItemFields } from './item-events';

/** Units per location id; a location the item never had stock or a threshold at is absent (0). */
export type StockByLocation = Readonly<Record<string, number>>;

/** Low-stock thresholds per location id; a location without one is absent. */
export type ThresholdsByLocation = Readonly<Record<string, number>>;

/** Reversed movement ids and their corrections' ids. */
export type ReversedMovements = Readonly<Record<string, string>>;

/** An item's state folded from its stream; `version` is the number of events folded. */
export type Item =
  | { readonly status: 'absent'; readonly version: number }
  | {
      readonly status: 'active' | 'archived';
      readonly version: number;
      readonly id: string;
      readonly fields: ItemFields;
      /** The sum of `stock`. */
      readonly quantity: number;
      readonly stock: StockByLocation;
      readonly thresholds: ThresholdsByLocation;
      /** Movement id → the id of the movement that reversed it; only reversed movements are here. */
      readonly reversed: ReversedMovements;
    };

export const initialItem = (): Item => ({ status: 'absent', version: 0 });

export const stockAt = (stock: StockByLocation, locationId: string): number => stock[locationId] ?? 0;

export const thresholdAt = (thresholds: ThresholdsByLocation, locationId: string): number | null => thresholds[locationId] ?? null;

const withReversal = (reversed: ReversedMovements, original: string | undefined, correction: string): ReversedMovements =>
  original === undefined ? reversed : { ...reversed, [original]: correction };

export function evolve(item: Item, event: InventoryEvent): Item {
  const version = item.version + 1;
  switch (event.type) {
    case 'ItemChanged': {
      const { data } = event;
      return {
        status: data.kind === 'archived' ? 'archived' : 'active',
        version,
        id: data.itemId,
        fields: withReorderFields(data.after),
        quantity: data.quantity,
        // An item's initial quantity is at the main location.
        stock: item.status === 'absent' ? { [MAIN_LOCATION_ID]: data.quantity } : item.stock,
        thresholds: item.status === 'absent' ? {} : item.thresholds,
        reversed: item.status === 'absent' ? {} : item.reversed,
      };
    }
    case 'StockMoved': {
      if (item.status === 'absent') return { ...item, version };
      const { data } = event;
      const location = movedAt(data);
      const moved = data.quantityAfter - data.quantityBefore;
      return {
        ...item,
        version,
        quantity: data.quantityAfter,
        stock: { ...item.stock, [location]: stockAt(item.stock, location) + moved },
        reversed: withReversal(item.reversed, data.reverses, data.movementId),
      };
    }
    case 'LocationThresholdSet': {
      if (item.status === 'absent') return { ...item, version };
      const { locationId, after } = event.data;
      const { [locationId]: _replaced, ...others } = item.thresholds;
      return {
        ...item,
        version,
        // A location with a threshold is one the item has, with no units until some move there.
        stock: { ...item.stock, [locationId]: stockAt(item.stock, locationId) },
        thresholds: after === null ? others : { ...others, [locationId]: after },
      };
    }
    case 'StockTransferred': {
      if (item.status === 'absent') return { ...item, version };
      const { fromLocationId, toLocationId, fromAfter, toAfter, reverses, transferId } = event.data;
      return {
        ...item,
        version,
        stock: { ...item.stock, [fromLocationId]: fromAfter, [toLocationId]: toAfter },
        reversed: withReversal(item.reversed, reverses, transferId),
      };
    }
    default: {
      const unknown: never = event;
      throw new Error(`unknown inventory event ${JSON.stringify(unknown)}`);
    }
  }
}

export const fold = (events: readonly InventoryEvent[], from: Item = initialItem()): Item => events.reduce(evolve, from);
