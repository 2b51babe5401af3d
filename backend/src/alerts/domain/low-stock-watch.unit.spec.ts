import type { InventoryEvent, ItemFields } from '../../inventory/domain/item-events';
import { foldWatch, type PositionedItemEvent } from './low-stock-watch';
import { match } from '../../../../test/matchers';

const itemId = 'a6f1a0d4-0000-4000-8000-000000000002';
const fields: ItemFields = { sku: 'TAPE-19', name: 'Insulating tape', description: '', unit: 'rolls', lowStockThreshold: 5, price: null };

/** The events in order, at positions 10, 20, 30, ... */
const positioned = (events: readonly InventoryEvent[]): PositionedItemEvent[] =>
  events.map((event, index) => ({ ...event, position: (index + 1) * 10 }));

const created = (quantity: number, threshold = 5): InventoryEvent => ({
  type: 'ItemChanged',
  data: { itemId, kind: 'created', before: null, after: { ...fields, lowStockThreshold: threshold }, quantity, reason: null },
});
const edited = (quantity: number, change: Partial<ItemFields>): InventoryEvent => ({
  type: 'ItemChanged',
  data: { itemId, kind: 'updated', before: fields, after: { ...fields, ...change }, quantity, reason: null },
});
const archived = (quantity: number): InventoryEvent => ({
  type: 'ItemChanged',
  data: { itemId, kind: 'archived', before: fields, after: fields, quantity, reason: null },
});
const moved = (type: 'IN' | 'OUT' | 'ADJUST', quantityBefore: number, quantityAfter: number): InventoryEvent => ({
  type: 'StockMoved',
  data: {
    itemId,
    movementId: `m-${quantityBefore}-${quantityAfter}`,
    type,
    quantity: Math.abs(quantityAfter - quantityBefore),
    quantityBefore,
    quantityAfter,
    reason: null,
    note: null,
  },
});

const transferred = (total: number): InventoryEvent => ({
  type: 'StockTransferred',
  data: {
    itemId,
    transferId: `t-${total}`,
    fromLocationId: 'c0ffee00-0000-4000-8000-000000000001',
    toLocationId: 'c0ffee00-0000-4000-8000-000000000002',
    quantity: 1,
    quantityTotal: total,
    fromBefore: total,
    fromAfter: total - 1,
    toBefore: 0,
    toAfter: 1,
    reason: null,
  },
});

const given = (events: readonly InventoryEvent[]) => foldWatch(positioned(events));

describe('the low-stock watch', () => {
  it('sees a transfer leave the total as it was: no crossing above the threshold, the first crossing kept below it', () => {
    expect(given([created(8), transferred(8)])).toEqual({ version: 2, item: match.objectContaining({ quantity: 8 }), crossing: null });
    expect(given([created(8), moved('OUT', 8, 4), transferred(4)]).crossing).toMatchObject({ causedByPosition: 20, quantity: 4 });
  });

  it('calls for an alert when an OUT takes the item to its threshold, with the item as that event left it', () => {
    const watch = given([created(8), moved('OUT', 8, 5)]);

    expect(watch).toEqual({
      version: 2,
      item: match.objectContaining({ quantity: 5, threshold: 5 }),
      crossing: { itemId, sku: 'TAPE-19', name: 'Insulating tape', unit: 'rolls', quantity: 5, threshold: 5, causedByPosition: 20 },
    });
  });

  it('keeps the first crossing while further OUTs leave the item low', () => {
    const watch = given([created(8), moved('OUT', 8, 4), moved('OUT', 4, 2), moved('ADJUST', 2, 1)]);

    expect(watch.crossing).toMatchObject({ causedByPosition: 20, quantity: 4 });
  });

  it('clears the crossing when stock rises above the threshold, and finds the next one', () => {
    const afterRise = given([created(8), moved('OUT', 8, 4), moved('IN', 4, 9)]);
    const afterNewCrossing = given([created(8), moved('OUT', 8, 4), moved('IN', 4, 9), moved('OUT', 9, 3)]);

    expect(afterRise.crossing).toBeNull();
    expect(afterNewCrossing.crossing).toMatchObject({ causedByPosition: 40, quantity: 3 });
  });

  it('counts a threshold edit that makes the item low as a crossing', () => {
    const watch = given([created(8), edited(8, { lowStockThreshold: 10 })]);

    expect(watch.crossing).toMatchObject({ causedByPosition: 20, quantity: 8, threshold: 10 });
  });

  it('clears the crossing when a threshold edit lifts the item out of low stock', () => {
    const watch = given([created(8), moved('OUT', 8, 4), edited(4, { lowStockThreshold: 3 })]);

    expect(watch.crossing).toBeNull();
  });

  it('keeps the crossing across an edit that leaves the item low, with the fields of the crossing', () => {
    const watch = given([created(8), moved('OUT', 8, 4), edited(4, { name: 'Tape, insulating' })]);

    expect(watch.crossing).toMatchObject({ causedByPosition: 20, name: 'Insulating tape' });
  });

  it('calls for no alert for an item created low, nor while it stays low', () => {
    expect(given([created(0, 0)]).crossing).toBeNull();
    expect(given([created(2), moved('OUT', 2, 1)]).crossing).toBeNull();
  });

  it('calls for an alert for an item created low once it has risen above the threshold and come back down', () => {
    const watch = given([created(2), moved('IN', 2, 7), moved('OUT', 7, 5)]);

    expect(watch.crossing).toMatchObject({ causedByPosition: 30 });
  });

  it('calls for no alert for an archived item', () => {
    const watch = given([created(8), moved('OUT', 8, 4), archived(4)]);

    expect(watch.crossing).toBeNull();
  });

  it('folds on from a watch already folded, as the saga does with each new batch', () => {
    const events = positioned([created(8), moved('OUT', 8, 6), moved('OUT', 6, 5), moved('IN', 5, 12), moved('OUT', 12, 1)]);

    const inSteps = foldWatch(events.slice(2), foldWatch(events.slice(0, 2)));

    expect(inSteps).toEqual(foldWatch(events));
    expect(inSteps.crossing).toMatchObject({ causedByPosition: 50 });
  });
});
