import type { InventoryEvent, ItemFields } from './item-events';

/** An item's state folded from its stream; `version` is the number of events folded. */
export type Item =
  | { readonly status: 'absent'; readonly version: number }
  | {
      readonly status: 'active' | 'archived';
      readonly version: number;
      readonly id: string;
      readonly fields: ItemFields;
      readonly quantity: number;
    };

export const initialItem = (): Item => ({ status: 'absent', version: 0 });

export function evolve(item: Item, event: InventoryEvent): Item {
  const version = item.version + 1;
  switch (event.type) {
    case 'ItemChanged': {
      const { data } = event;
      return {
        status: data.kind === 'archived' ? 'archived' : 'active',
        version,
        id: data.itemId,
        fields: data.after,
        quantity: data.quantity,
      };
    }
    case 'StockMoved':
      if (item.status === 'absent') return { ...item, version };
      return { ...item, version, quantity: event.data.quantityAfter };
    default: {
      const unknown: never = event;
      throw new Error(`unknown inventory event ${JSON.stringify(unknown)}`);
    }
  }
}

export const fold = (events: readonly InventoryEvent[], from: Item = initialItem()): Item => events.reduce(evolve, from);
