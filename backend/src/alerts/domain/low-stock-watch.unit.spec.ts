import { MAIN_LOCATION_ID, type InventoryEvent, type ItemFields } from '../../inventory/domain/item-events';
import { foldWatch, type PositionedItemEvent } from './low-stock-watch';
import { match } from '../../../../test/matchers';

const itemId = 'a6f1a0d4-0000-4000-8000-000000000002';
const fields: ItemFields = {
  sku: 'TAPE-19',
  name: 'Insulating tape',
  description: '',
  unit: 'rolls',
  lowStockThreshold: 5,
  price: null,
  reorderPoint: null,
  reorderQuantity: null,
  leadTimeDays: null,
};

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
/** Recorded without a location, as before there were locations: at the main one. */
const moved = (type: 'IN' | 'OUT' | 'ADJUST', quantityBefore: number, quantityAfter: number, locationId?: string): InventoryEvent => ({
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
    ...(locationId !== undefined && { locationId }),
  },
});
const van = 'c0ffee00-0000-4000-8000-000000000002';
const thresholdAt = (locationId: string, before: number | null, after: number | null, quantity: number): InventoryEvent => ({
  type: 'LocationThresholdSet',
  data: { itemId, locationId, before, after, quantity, reason: null },
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
    expect(given([created(8), transferred(8)])).toEqual({
      version: 2,
      item: match.objectContaining({ quantity: 8 }),
      crossing: null,
      atLocations: {},
    });
    expect(given([created(8), moved('OUT', 8, 4), transferred(4)]).crossing).toMatchObject({ causedByPosition: 20, quantity: 4 });
  });

  it('calls for an alert when an OUT takes the item to its threshold, with the item as that event left it', () => {
    const watch = given([created(8), moved('OUT', 8, 5)]);

    expect(watch).toEqual({
      version: 2,
      item: match.objectContaining({ quantity: 5, fields: match.objectContaining({ lowStockThreshold: 5 }) }),
      crossing: { itemId, sku: 'TAPE-19', name: 'Insulating tape', unit: 'rolls', quantity: 5, threshold: 5, causedByPosition: 20 },
      atLocations: {},
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

describe('the low-stock watch at a location', () => {
  /** 20 in total (threshold 5): 12 at the main location, 8 in the van, whose threshold is 3. */
  const stocked = [created(12), moved('IN', 12, 20, van), thresholdAt(van, null, 3, 20)];

  it('calls for an alert naming the location when an OUT there takes it to the location threshold', () => {
    const watch = given([...stocked, moved('OUT', 20, 15, van)]);

    expect(watch.crossing).toBeNull();
    expect(watch.atLocations).toEqual({
      [van]: {
        itemId,
        sku: 'TAPE-19',
        name: 'Insulating tape',
        unit: 'rolls',
        quantity: 3,
        threshold: 3,
        causedByPosition: 40,
        locationId: van,
      },
    });
  });

  it('keeps the first crossing while the location stays low, re-arms when it rises above, and finds the next one', () => {
    const stillLow = given([...stocked, moved('OUT', 20, 15, van), moved('OUT', 15, 14, van)]);
    const rearmed = given([...stocked, moved('OUT', 20, 15, van), moved('IN', 15, 17, van)]);
    const again = given([...stocked, moved('OUT', 20, 15, van), moved('IN', 15, 17, van), moved('OUT', 17, 14, van)]);

    expect(stillLow.atLocations[van]).toMatchObject({ causedByPosition: 40, quantity: 3 });
    expect(rearmed.atLocations).toEqual({});
    expect(again.atLocations[van]).toMatchObject({ causedByPosition: 60, quantity: 2 });
  });

  it('leaves the location alone when stock moves at another location', () => {
    const watch = given([...stocked, moved('OUT', 20, 10)]);

    expect(watch.atLocations).toEqual({});
  });

  it('gives two alerts when one event takes both the total and the location to their thresholds', () => {
    const watch = given([created(0), moved('IN', 0, 8, van), thresholdAt(van, null, 3, 8), moved('OUT', 8, 2, van)]);

    expect(watch.crossing).toMatchObject({ causedByPosition: 40, quantity: 2, threshold: 5 });
    expect(watch.crossing).not.toHaveProperty('locationId');
    expect(watch.atLocations[van]).toMatchObject({ causedByPosition: 40, quantity: 2, threshold: 3, locationId: van });
  });

  it('counts setting a threshold the location is already at or below as a crossing, and removing it as the end of the spell', () => {
    const set = given([created(12), moved('IN', 12, 14, van), thresholdAt(van, null, 2, 14)]);
    const removed = given([created(12), moved('IN', 12, 14, van), thresholdAt(van, null, 2, 14), thresholdAt(van, 2, null, 14)]);

    expect(set.atLocations[van]).toMatchObject({ causedByPosition: 30, quantity: 2, threshold: 2 });
    expect(removed.atLocations).toEqual({});
  });

  it('watches movements recorded before there were locations as the main location', () => {
    const watch = given([created(12), thresholdAt(MAIN_LOCATION_ID, null, 4, 12), moved('OUT', 12, 9)]);
    const crossed = given([created(12), thresholdAt(MAIN_LOCATION_ID, null, 4, 12), moved('OUT', 12, 9), moved('OUT', 9, 4)]);

    expect(watch.atLocations).toEqual({});
    expect(crossed.atLocations[MAIN_LOCATION_ID]).toMatchObject({ causedByPosition: 40, quantity: 4, locationId: MAIN_LOCATION_ID });
  });

  it('calls for no alert at a location of an archived item', () => {
    const watch = given([...stocked, moved('OUT', 20, 15, van), archived(15)]);

    expect(watch.atLocations).toEqual({});
  });
});
