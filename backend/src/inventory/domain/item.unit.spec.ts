import { barcodeReservations } from './barcode';
import { fold } from './item';
import { MAIN_LOCATION_ID, type InventoryEvent, type ItemFields } from './item-events';
import { isLowStock } from './low-stock';
import { normaliseSku, skuReservations } from './sku';

const itemId = 'i-1';
const fields: ItemFields = { sku: 'ab-1', name: 'A', description: '', unit: 'pcs', lowStockThreshold: 2, price: null };
const changed = (kind: 'created' | 'updated' | 'archived', after: ItemFields, before: ItemFields | null, quantity = 0): InventoryEvent => ({
  type: 'ItemChanged',
  data: { itemId, kind, before, after, quantity, reason: null },
});

describe('folding an item stream', () => {
  it('counts versions and follows quantity and status', () => {
    const item = fold([
      changed('created', fields, null, 4),
      {
        type: 'StockMoved',
        data: { itemId, movementId: 'm', type: 'OUT', quantity: 3, quantityBefore: 4, quantityAfter: 1, reason: null, note: null },
      },
      changed('archived', fields, fields, 1),
    ]);
    expect(item).toEqual({
      status: 'archived',
      version: 3,
      id: itemId,
      fields,
      quantity: 1,
      stock: { [MAIN_LOCATION_ID]: 1 },
      thresholds: {},
    });
  });

  it('gives an absent item for an empty stream', () => expect(fold([])).toEqual({ status: 'absent', version: 0 }));
});

describe('SKU reservations', () => {
  it('reserves the SKU of a new item, whatever its case', () =>
    expect(skuReservations([changed('created', fields, null)])).toEqual({ reserve: [{ kind: 'sku', value: 'AB-1' }], release: [] }));

  it('moves the reservation when the SKU changes', () =>
    expect(skuReservations([changed('updated', { ...fields, sku: 'ab-2' }, fields)])).toEqual({
      reserve: [{ kind: 'sku', value: 'AB-2' }],
      release: [{ kind: 'sku', value: 'AB-1' }],
    }));

  it('keeps the reservation when only the case of the SKU changes', () =>
    expect(skuReservations([changed('updated', { ...fields, sku: 'AB-1' }, fields)])).toEqual({ reserve: [], release: [] }));

  it('keeps the SKU of an archived item reserved', () =>
    expect(skuReservations([changed('archived', fields, fields)])).toEqual({ reserve: [], release: [] }));

  it('treats SKUs differing only in case as one', () => expect(normaliseSku('Ab-1')).toBe(normaliseSku('aB-1')));
});

describe('barcode reservations', () => {
  const coded = { ...fields, barcode: '4006381333931' };

  it('reserves the barcode of a new item exactly as written, and none for an item without one', () => {
    expect(barcodeReservations([changed('created', { ...fields, barcode: 'box-a' }, null)])).toEqual({
      reserve: [{ kind: 'barcode', value: 'box-a' }],
      release: [],
    });
    expect(barcodeReservations([changed('created', fields, null)])).toEqual({ reserve: [], release: [] });
  });

  it('moves the reservation when the barcode changes, and gives it back when it is cleared', () => {
    expect(barcodeReservations([changed('updated', { ...coded, barcode: '96385074' }, coded)])).toEqual({
      reserve: [{ kind: 'barcode', value: '96385074' }],
      release: [{ kind: 'barcode', value: '4006381333931' }],
    });
    expect(barcodeReservations([changed('updated', { ...coded, barcode: null }, coded)])).toEqual({
      reserve: [],
      release: [{ kind: 'barcode', value: '4006381333931' }],
    });
  });

  it('keeps the barcode of an archived item, or of one whose other fields change, reserved', () => {
    expect(barcodeReservations([changed('archived', coded, coded)])).toEqual({ reserve: [], release: [] });
    expect(barcodeReservations([changed('updated', { ...coded, name: 'B' }, coded)])).toEqual({ reserve: [], release: [] });
  });
});

describe('low stock', () => {
  it('is at or below the threshold', () => {
    expect(isLowStock(2, 2)).toBe(true);
    expect(isLowStock(3, 2)).toBe(false);
    expect(isLowStock(0, 0)).toBe(true);
  });
});
