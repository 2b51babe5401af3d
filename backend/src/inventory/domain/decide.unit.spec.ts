import { decide } from './decide';
import { fold } from './item';
import type { ItemCommand } from './item-commands';
import {
  InsufficientStockError,
  InvalidBarcodeError,
  InvalidQuantityError,
  ItemAlreadyExistsError,
  ItemArchivedError,
  ItemNotArchivedError,
  ItemNotFoundError,
  SameLocationTransferError,
  StaleVersionError,
} from './item-errors';
import { MAIN_LOCATION_ID, type InventoryEvent, type ItemFields } from './item-events';

/** Emmett's given/when/then, on vitest's strict equality (Emmett's subset check stumbles on null fields). */
const given = (events: readonly InventoryEvent[]) => ({
  when: (command: ItemCommand) => {
    const handle = () => decide(command, fold(events));
    return {
      then: (expected: readonly InventoryEvent[]) => expect(handle()).toEqual(expected),
      thenNothingHappened: () => expect(handle()).toEqual([]),
      thenThrows: <E extends Error>(type: new (...args: never[]) => E, check: (error: E) => boolean = () => true) => {
        let thrown: unknown;
        try {
          handle();
        } catch (error) {
          thrown = error;
        }
        expect(thrown).toBeInstanceOf(type);
        expect(check(thrown as E)).toBe(true);
      },
    };
  },
});

const itemId = 'a6f1a0d4-0000-4000-8000-000000000001';
const fields: ItemFields = { sku: 'BOLT-10', name: 'Bolt M10', description: '', unit: 'pcs', lowStockThreshold: 5, price: 0.25 };
const created = (quantity = 0): InventoryEvent => ({
  type: 'ItemChanged',
  data: { itemId, kind: 'created', before: null, after: fields, quantity, reason: null },
});
const archived = (quantity = 0): InventoryEvent => ({
  type: 'ItemChanged',
  data: { itemId, kind: 'archived', before: fields, after: fields, quantity, reason: null },
});
const moved = (
  type: 'IN' | 'OUT' | 'ADJUST',
  quantity: number,
  quantityBefore: number,
  quantityAfter: number,
  locationId = MAIN_LOCATION_ID,
): InventoryEvent => ({
  type: 'StockMoved',
  data: { itemId, movementId: 'm1', type, quantity, quantityBefore, quantityAfter, reason: null, note: null, locationId },
});
const movement = { itemId, movementId: 'm1', locationId: MAIN_LOCATION_ID, reason: null, note: null };
const van = 'c0ffee00-0000-4000-8000-000000000002';
/** A movement as recorded before there were locations: no `locationId`. */
const movedBeforeLocations = (type: 'IN' | 'OUT', quantity: number, quantityBefore: number, quantityAfter: number): InventoryEvent => ({
  type: 'StockMoved',
  data: { itemId, movementId: 'm0', type, quantity, quantityBefore, quantityAfter, reason: null, note: null },
});

describe('CreateItem', () => {
  it('creates an item with its fields and initial quantity', () =>
    given([])
      .when({ type: 'CreateItem', data: { itemId, fields, quantity: 12 } })
      .then([created(12)]));

  it('refuses to create an item that exists', () =>
    given([created()])
      .when({ type: 'CreateItem', data: { itemId, fields, quantity: 0 } })
      .thenThrows(ItemAlreadyExistsError));

  it('refuses a negative initial quantity', () =>
    given([])
      .when({ type: 'CreateItem', data: { itemId, fields, quantity: -1 } })
      .thenThrows(InvalidQuantityError));
});

describe('UpdateItem', () => {
  const update = (changes: Partial<ItemFields>, expectedVersion?: number): ItemCommand => ({
    type: 'UpdateItem',
    data: { itemId, changes, expectedVersion, reason: 'rename' },
  });

  it('records the fields before and after with the current quantity', () =>
    given([created(3), moved('IN', 4, 3, 7)])
      .when(update({ name: 'Bolt M10 zinc', price: 0.3 }))
      .then([
        {
          type: 'ItemChanged',
          data: {
            itemId,
            kind: 'updated',
            before: fields,
            after: { ...fields, name: 'Bolt M10 zinc', price: 0.3 },
            quantity: 7,
            reason: 'rename',
          },
        },
      ]));

  it('records nothing when no field changes', () =>
    given([created()])
      .when(update({ name: fields.name }))
      .thenNothingHappened());

  it('accepts the version the client saw when it is current', () =>
    given([created(), moved('IN', 1, 0, 1)])
      .when(update({ unit: 'box' }, 2))
      .then([
        {
          type: 'ItemChanged',
          data: { itemId, kind: 'updated', before: fields, after: { ...fields, unit: 'box' }, quantity: 1, reason: 'rename' },
        },
      ]));

  it('refuses a stale version from If-Match', () =>
    given([created(), moved('IN', 1, 0, 1)])
      .when(update({ unit: 'box' }, 1))
      .thenThrows(StaleVersionError, (error) => error.actualVersion === 2 && error.expectedVersion === 1));

  it('refuses to update an archived item', () =>
    given([created(), archived()])
      .when(update({ unit: 'box' }))
      .thenThrows(ItemArchivedError));

  it('refuses to update an item that does not exist', () =>
    given([])
      .when(update({ unit: 'box' }))
      .thenThrows(ItemNotFoundError));
});

describe('ArchiveItem', () => {
  it('archives an item, keeping its fields and quantity', () =>
    given([created(2)])
      .when({ type: 'ArchiveItem', data: { itemId, reason: null } })
      .then([archived(2)]));

  it('refuses to archive an archived item', () =>
    given([created(), archived()])
      .when({ type: 'ArchiveItem', data: { itemId, reason: null } })
      .thenThrows(ItemArchivedError));

  it('refuses to archive an item that does not exist', () =>
    given([])
      .when({ type: 'ArchiveItem', data: { itemId, reason: null } })
      .thenThrows(ItemNotFoundError));
});

describe('RestoreItem', () => {
  const restore = (expectedVersion?: number): ItemCommand => ({
    type: 'RestoreItem',
    data: { itemId, expectedVersion, reason: 'back in range' },
  });

  it('restores an archived item, keeping its fields and quantity', () =>
    given([created(4), archived(4)])
      .when(restore())
      .then([
        { type: 'ItemChanged', data: { itemId, kind: 'restored', before: fields, after: fields, quantity: 4, reason: 'back in range' } },
      ]));

  it('accepts the version the client saw when it is current', () =>
    given([created(), archived()])
      .when(restore(2))
      .then([
        { type: 'ItemChanged', data: { itemId, kind: 'restored', before: fields, after: fields, quantity: 0, reason: 'back in range' } },
      ]));

  it('refuses a stale version from If-Match', () =>
    given([created(), archived()])
      .when(restore(1))
      .thenThrows(StaleVersionError, (error) => error.actualVersion === 2 && error.expectedVersion === 1));

  it('refuses to restore an item that is not archived', () =>
    given([created(2)])
      .when(restore())
      .thenThrows(ItemNotArchivedError));

  it('refuses to restore an item that does not exist', () => given([]).when(restore()).thenThrows(ItemNotFoundError));

  it('lets a restored item move stock again', () =>
    given([
      created(3),
      archived(3),
      { type: 'ItemChanged', data: { itemId, kind: 'restored', before: fields, after: fields, quantity: 3, reason: null } },
    ])
      .when({ type: 'ReceiveStock', data: { ...movement, quantity: 2 } })
      .then([moved('IN', 2, 3, 5)]));
});

describe('ReceiveStock (IN)', () => {
  it('adds the quantity received', () =>
    given([created(3)])
      .when({ type: 'ReceiveStock', data: { ...movement, quantity: 5 } })
      .then([moved('IN', 5, 3, 8)]));

  it.each([0, -2, 1.5])('refuses a quantity of %s', (quantity) =>
    given([created(3)])
      .when({ type: 'ReceiveStock', data: { ...movement, quantity } })
      .thenThrows(InvalidQuantityError),
  );

  it('refuses movements on an archived item', () =>
    given([created(3), archived(3)])
      .when({ type: 'ReceiveStock', data: { ...movement, quantity: 1 } })
      .thenThrows(ItemArchivedError));

  it('refuses movements on an item that does not exist', () =>
    given([])
      .when({ type: 'ReceiveStock', data: { ...movement, quantity: 1 } })
      .thenThrows(ItemNotFoundError));
});

describe('IssueStock (OUT)', () => {
  it('takes the quantity issued', () =>
    given([created(3), moved('IN', 5, 3, 8)])
      .when({ type: 'IssueStock', data: { ...movement, quantity: 8 } })
      .then([moved('OUT', 8, 8, 0)]));

  it('never takes stock below zero', () =>
    given([created(3)])
      .when({ type: 'IssueStock', data: { ...movement, quantity: 4 } })
      .thenThrows(InsufficientStockError, (error) => error.available === 3 && error.requested === 4));

  it('refuses to issue from an empty item', () =>
    given([created(2), moved('OUT', 2, 2, 0)])
      .when({ type: 'IssueStock', data: { ...movement, quantity: 1 } })
      .thenThrows(InsufficientStockError));

  it('refuses a negative quantity, which would add stock', () =>
    given([created(3)])
      .when({ type: 'IssueStock', data: { ...movement, quantity: -1 } })
      .thenThrows(InvalidQuantityError));

  it('refuses movements on an archived item', () =>
    given([created(3), archived(3)])
      .when({ type: 'IssueStock', data: { ...movement, quantity: 1 } })
      .thenThrows(ItemArchivedError));
});

describe('AdjustStock (ADJUST)', () => {
  const stocktake = (countedQuantity: number): ItemCommand => ({ type: 'AdjustStock', data: { ...movement, countedQuantity } });

  it('records the counted quantity and the signed difference down', () =>
    given([created(10)])
      .when(stocktake(7))
      .then([moved('ADJUST', -3, 10, 7)]));

  it('records the signed difference up', () =>
    given([created(10)])
      .when(stocktake(12))
      .then([moved('ADJUST', 2, 10, 12)]));

  it('records a count that confirms the stock, for the audit trail', () =>
    given([created(10)])
      .when(stocktake(10))
      .then([moved('ADJUST', 0, 10, 10)]));

  it('accepts a count of zero', () =>
    given([created(10)])
      .when(stocktake(0))
      .then([moved('ADJUST', -10, 10, 0)]));

  it('refuses a negative count', () =>
    given([created(10)])
      .when(stocktake(-1))
      .thenThrows(InvalidQuantityError));

  it('refuses a stocktake on an archived item', () =>
    given([created(10), archived(10)])
      .when(stocktake(3))
      .thenThrows(ItemArchivedError));
});

describe('stock per location', () => {
  it('takes OUT only from the stock at the location it names', () =>
    given([created(10), moved('IN', 3, 10, 13, van)])
      .when({ type: 'IssueStock', data: { ...movement, locationId: van, quantity: 4 } })
      .thenThrows(InsufficientStockError, (error) => error.available === 3 && error.requested === 4));

  it('records the item totals before and after a movement at a location', () =>
    given([created(10), moved('IN', 3, 10, 13, van)])
      .when({ type: 'IssueStock', data: { ...movement, locationId: van, quantity: 3 } })
      .then([moved('OUT', 3, 13, 10, van)]));

  it('counts an ADJUST against the stock at its location only', () =>
    given([created(10), moved('IN', 3, 10, 13, van)])
      .when({ type: 'AdjustStock', data: { ...movement, locationId: van, countedQuantity: 5 } })
      .then([moved('ADJUST', 2, 13, 15, van)]));

  it('reads movements recorded without a location as stock at the main location, the total unchanged', () => {
    const before = [created(2), movedBeforeLocations('IN', 7, 2, 9), movedBeforeLocations('OUT', 1, 9, 8)];
    expect(fold(before)).toMatchObject({ quantity: 8, stock: { [MAIN_LOCATION_ID]: 8 } });
    given(before)
      .when({ type: 'IssueStock', data: { ...movement, locationId: van, quantity: 1 } })
      .thenThrows(InsufficientStockError, (error) => error.available === 0);
    given(before)
      .when({ type: 'IssueStock', data: { ...movement, quantity: 8 } })
      .then([moved('OUT', 8, 8, 0)]);
  });
});

describe('SetLocationThreshold', () => {
  const setAtVan = (lowStockThreshold: number | null, expectedVersion?: number): ItemCommand => ({
    type: 'SetLocationThreshold',
    data: { itemId, locationId: van, lowStockThreshold, expectedVersion, reason: null },
  });
  const thresholdSet = (before: number | null, after: number | null, quantity = 10): InventoryEvent => ({
    type: 'LocationThresholdSet',
    data: { itemId, locationId: van, before, after, quantity, reason: null },
  });

  it('sets a threshold at a location, with the item total unchanged', () =>
    given([created(10)])
      .when(setAtVan(2))
      .then([thresholdSet(null, 2)]));

  it('changes a threshold, recording the one before', () =>
    given([created(10), thresholdSet(null, 2)])
      .when(setAtVan(4))
      .then([thresholdSet(2, 4)]));

  it('removes a threshold with null', () =>
    given([created(10), thresholdSet(null, 2)])
      .when(setAtVan(null))
      .then([thresholdSet(2, null)]));

  it('records nothing when the threshold stays as it is', () => {
    given([created(10), thresholdSet(null, 2)])
      .when(setAtVan(2))
      .thenNothingHappened();
    given([created(10)])
      .when(setAtVan(null))
      .thenNothingHappened();
  });

  it('accepts a threshold of zero (low once the location is empty)', () =>
    given([created(10)])
      .when(setAtVan(0))
      .then([thresholdSet(null, 0)]));

  it('refuses a negative or fractional threshold', () => {
    given([created(10)])
      .when(setAtVan(-1))
      .thenThrows(InvalidQuantityError);
    given([created(10)])
      .when(setAtVan(1.5))
      .thenThrows(InvalidQuantityError);
  });

  it('refuses a stale version from If-Match, and accepts the current one', () => {
    given([created(10)])
      .when(setAtVan(2, 7))
      .thenThrows(StaleVersionError, (error) => error.actualVersion === 1);
    given([created(10)])
      .when(setAtVan(2, 1))
      .then([thresholdSet(null, 2)]);
  });

  it('refuses an archived item', () =>
    given([created(10), archived(10)])
      .when(setAtVan(2))
      .thenThrows(ItemArchivedError));

  it('refuses an item that does not exist', () => given([]).when(setAtVan(2)).thenThrows(ItemNotFoundError));

  it('keeps the threshold per location in the fold, the location one the item has', () => {
    expect(fold([created(10), thresholdSet(null, 2)])).toMatchObject({ thresholds: { [van]: 2 }, stock: { [van]: 0 }, quantity: 10 });
    expect(fold([created(10), thresholdSet(null, 2), thresholdSet(2, null)])).toMatchObject({ thresholds: {} });
  });
});

describe('TransferStock', () => {
  const transfer = (quantity: number, fromLocationId = MAIN_LOCATION_ID, toLocationId = van): ItemCommand => ({
    type: 'TransferStock',
    data: { itemId, transferId: 't1', fromLocationId, toLocationId, quantity, reason: 'restock the van' },
  });
  const transferred = (
    quantity: number,
    quantityTotal: number,
    [fromBefore, toBefore]: [number, number],
    fromLocationId = MAIN_LOCATION_ID,
    toLocationId = van,
  ): InventoryEvent => ({
    type: 'StockTransferred',
    data: {
      itemId,
      transferId: 't1',
      fromLocationId,
      toLocationId,
      quantity,
      quantityTotal,
      fromBefore,
      fromAfter: fromBefore - quantity,
      toBefore,
      toAfter: toBefore + quantity,
      reason: 'restock the van',
    },
  });

  it('moves units from one location to another in one event, the total unchanged', () =>
    given([created(10), moved('IN', 2, 10, 12, van)])
      .when(transfer(4))
      .then([transferred(4, 12, [10, 2])]));

  it('may take every unit at the source', () =>
    given([created(10)])
      .when(transfer(10))
      .then([transferred(10, 10, [10, 0])]));

  it('folds both legs and leaves the total as it was', () => {
    const after = fold([created(10), transferred(4, 10, [10, 0]), transferred(1, 10, [4, 6], van, MAIN_LOCATION_ID)]);
    expect(after).toMatchObject({ version: 3, quantity: 10, stock: { [MAIN_LOCATION_ID]: 7, [van]: 3 } });
  });

  it('counts later movements against the stock each location holds after the transfer', () =>
    given([created(10), transferred(4, 10, [10, 0])])
      .when({ type: 'IssueStock', data: { ...movement, quantity: 7 } })
      .thenThrows(InsufficientStockError, (error) => error.available === 6 && error.requested === 7));

  it('refuses more than the source holds, whatever the item holds elsewhere', () =>
    given([created(10), moved('IN', 5, 10, 15, van)])
      .when(transfer(6, van, MAIN_LOCATION_ID))
      .thenThrows(InsufficientStockError, (error) => error.available === 5 && error.requested === 6));

  it('refuses a transfer to the location it comes from', () =>
    given([created(10)])
      .when(transfer(1, MAIN_LOCATION_ID, MAIN_LOCATION_ID))
      .thenThrows(SameLocationTransferError, (error) => error.locationId === MAIN_LOCATION_ID));

  it.each([0, -3, 1.5, Number.NaN])('refuses %s units', (quantity) =>
    given([created(10)])
      .when(transfer(quantity))
      .thenThrows(InvalidQuantityError),
  );

  it('refuses an item that does not exist', () => given([]).when(transfer(1)).thenThrows(ItemNotFoundError));

  it('refuses an archived item', () =>
    given([created(10), archived(10)])
      .when(transfer(1))
      .thenThrows(ItemArchivedError));
});

describe('barcodes', () => {
  const create = (barcode: string | null): ItemCommand => ({
    type: 'CreateItem',
    data: { itemId, fields: { ...fields, barcode }, quantity: 0 },
  });
  const createdWith = (barcode: string | null): InventoryEvent => ({
    type: 'ItemChanged',
    data: { itemId, kind: 'created', before: null, after: { ...fields, barcode }, quantity: 0, reason: null },
  });
  const update = (barcode: string | null): ItemCommand => ({ type: 'UpdateItem', data: { itemId, changes: { barcode }, reason: null } });
  const updated = (before: ItemFields, barcode: string | null): InventoryEvent => ({
    type: 'ItemChanged',
    data: { itemId, kind: 'updated', before, after: { ...before, barcode }, quantity: 0, reason: null },
  });

  it.each([
    ['EAN-8', '96385074'],
    ['UPC-A', '036000291452'],
    ['EAN-13', '4006381333931'],
    ['GTIN-14', '10012345678902'],
    ['EAN-13 whose check digit is 0', '5012345678900'],
  ])('accepts a %s with its right check digit', (_, barcode) =>
    given([])
      .when(create(barcode))
      .then([createdWith(barcode)]),
  );

  it.each([
    ['EAN-8', '96385075', 4],
    ['UPC-A', '036000291453', 2],
    ['EAN-13', '4006381333932', 1],
    ['GTIN-14', '10012345678901', 2],
  ])('refuses a %s with a wrong check digit, naming the right one', (symbology, barcode, right) =>
    given([])
      .when(create(barcode))
      .thenThrows(
        InvalidBarcodeError,
        (error) => error.barcode === barcode && error.reason.includes(symbology) && error.reason.endsWith(`should be ${right}`),
      ),
  );

  it.each([
    ['letters and punctuation', 'BOX-12/A (blue)'],
    ['digits of no GTIN length', '1234567'],
    ['fifteen digits', '123456789012345'],
    ['48 characters', 'x'.repeat(48)],
  ])('accepts any other printable text as a Code 128: %s', (_, barcode) =>
    given([])
      .when(create(barcode))
      .then([createdWith(barcode)]),
  );

  it.each([
    ['empty', ''],
    ['49 characters', 'x'.repeat(49)],
    ['a leading space', ' ABC'],
    ['a trailing space', 'ABC '],
    ['a character beyond ASCII', 'ABCé'],
    ['a control character', 'AB\tC'],
  ])('refuses text Code 128 cannot carry or a scanner cannot give back: %s', (_, barcode) =>
    given([]).when(create(barcode)).thenThrows(InvalidBarcodeError),
  );

  it('creates an item without a barcode', () =>
    given([])
      .when(create(null))
      .then([createdWith(null)]));

  it('sets a barcode on an item created before items had barcodes', () =>
    given([created()])
      .when(update('4006381333931'))
      .then([updated(fields, '4006381333931')]));

  it('clears a barcode with null, and clearing none changes nothing', () => {
    given([createdWith('4006381333931')])
      .when(update(null))
      .then([updated({ ...fields, barcode: '4006381333931' }, null)]);
    given([created()]).when(update(null)).thenNothingHappened();
  });

  it('refuses a change to a barcode with a wrong check digit', () =>
    given([created()]).when(update('4006381333932')).thenThrows(InvalidBarcodeError));
});
