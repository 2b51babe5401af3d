import { fold, itemStreamId, MAIN_LOCATION_ID, type InventoryEvent, type Item } from '../../inventory';
import { locationsByCode } from './known-locations';
import { planItems } from './plan-items';
import type { Sheet } from './sheet';

const SHELF = '00000000-0000-4000-8000-0000000000b1';
const locations = locationsByCode([
  { id: MAIN_LOCATION_ID, code: 'MAIN', archived: false },
  { id: SHELF, code: 'SHELF', archived: false },
  { id: '00000000-0000-4000-8000-0000000000c1', code: 'OLD', archived: true },
]);

const changed = (itemId: string, sku: string, quantity: number, kind: 'created' | 'archived' = 'created'): InventoryEvent => ({
  type: 'ItemChanged',
  data: {
    itemId,
    kind,
    before: null,
    after: {
      sku,
      name: 'Bolt',
      description: '',
      unit: 'pcs',
      lowStockThreshold: 0,
      price: null,
      reorderPoint: null,
      reorderQuantity: null,
      leadTimeDays: null,
    },
    quantity,
    reason: null,
  },
});

function plan(sheet: Sheet, existing: readonly Item[] = [], barcodeHolders: ReadonlyMap<string, string> = new Map()) {
  let next = 0;
  return planItems(sheet, {
    existing: new Map(existing.map((item) => [item.status === 'absent' ? '' : item.fields.sku.toUpperCase(), item])),
    barcodeHolders,
    locations,
    newId: () => `00000000-0000-4000-8000-${String((next += 1)).padStart(12, '0')}`,
    reason: 'import of test.csv',
  });
}

const sheet = (header: string[], ...rows: string[][]): Sheet => ({ header, rows: rows.map((cells, index) => ({ row: index + 2, cells })) });

describe('planning an items import', () => {
  it('creates a new item with its main units and counts the units elsewhere with an ADJUST', () => {
    const { rows, streams } = plan(sheet(['sku', 'name', 'quantity:MAIN', 'quantity:shelf'], ['BOLT-1', 'Bolt', '4', '3']));
    expect(rows).toEqual([{ row: 2, action: 'create', errors: [] }]);
    const [stream] = streams;
    expect(stream).toMatchObject({ streamId: itemStreamId('00000000-0000-4000-8000-000000000001'), expectedVersion: 0 });
    expect(stream?.events.map((event) => event.type)).toEqual(['ItemChanged', 'StockMoved']);
    const item = fold(stream?.events ?? []);
    expect(item.status === 'active' && item.stock).toEqual({ [MAIN_LOCATION_ID]: 4, [SHELF]: 3 });
  });

  it('leaves an item whose fields and counts are as in the file unchanged, and decides changes at the version it read', () => {
    const item = fold([changed('00000000-0000-4000-8000-00000000aaaa', 'BOLT-2', 5)]);
    const unchanged = plan(sheet(['sku', 'name', 'quantity'], ['bolt-2 ', 'Bolt', '5']), [item]);
    expect(unchanged.rows).toEqual([{ row: 2, action: 'unchanged', errors: [] }]);
    expect(unchanged.streams).toEqual([]);
    const counted = plan(sheet(['sku', 'quantity'], ['BOLT-2', '2']), [item]);
    expect(counted.rows).toEqual([{ row: 2, action: 'update', errors: [] }]);
    expect(counted.streams[0]).toMatchObject({
      expectedVersion: 1,
      events: [{ type: 'StockMoved', data: { type: 'ADJUST', quantity: -3 } }],
    });
  });

  it('refuses units at an unknown or archived location only on the rows that give some, and an archived item', () => {
    const archived = fold([
      changed('00000000-0000-4000-8000-00000000bbbb', 'GONE-1', 0),
      changed('00000000-0000-4000-8000-00000000bbbb', 'GONE-1', 0, 'archived'),
    ]);
    const { rows } = plan(
      sheet(
        ['sku', 'name', 'quantity:NOWHERE', 'quantity:OLD'],
        ['NEW-1', 'New', '', ''],
        ['NEW-2', 'New', '1', '2'],
        ['GONE-1', 'Gone', '', ''],
      ),
      [archived],
    );
    expect(rows).toEqual([
      { row: 2, action: 'create', errors: [] },
      {
        row: 3,
        action: 'error',
        errors: [
          { field: 'quantity:NOWHERE', message: 'no location has the code NOWHERE' },
          { field: 'quantity:OLD', message: 'the location OLD is archived' },
        ],
      },
      { row: 4, action: 'error', errors: [{ field: 'sku', message: 'the item GONE-1 is archived; restore it first' }] },
    ]);
  });

  it('takes barcodes and reorder planning, an empty cell being none', () => {
    const { rows, streams } = plan(
      sheet(
        ['sku', 'name', 'barcode', 'reorderPoint', 'reorderQuantity', 'leadTimeDays'],
        ['SCAN-1', 'Scanned', '4006381333931', '20', '100', '7'],
        ['SCAN-2', 'Unplanned', '', '', '', ''],
      ),
    );
    expect(rows.map(({ action }) => action)).toEqual(['create', 'create']);
    const [first, second] = streams.map((stream) => fold(stream.events));
    expect(first?.status === 'active' && first.fields).toMatchObject({
      barcode: '4006381333931',
      reorderPoint: 20,
      reorderQuantity: 100,
      leadTimeDays: 7,
    });
    expect(second?.status === 'active' && second.fields).toMatchObject({ reorderPoint: null, reorderQuantity: null, leadTimeDays: null });
  });

  it('refuses a wrong check digit, a barcode on two rows and one another item holds, on those rows only', () => {
    const other = itemStreamId('00000000-0000-4000-8000-00000000cccc');
    const { rows, streams } = plan(
      sheet(
        ['sku', 'name', 'barcode'],
        ['EAN-1', 'Wrong digit', '4006381333932'],
        ['TWIN-1', 'First', 'SHELF-A'],
        ['TWIN-2', 'Second', 'SHELF-A'],
        ['HELD-1', 'Held', '96385074'],
        ['FREE-1', 'Free', '96385067'],
      ),
      [],
      new Map([['96385074', other]]),
    );
    expect(rows).toEqual([
      { row: 2, action: 'error', errors: [{ field: 'barcode', message: 'is not a valid EAN-13: its check digit should be 1' }] },
      { row: 3, action: 'create', errors: [] },
      { row: 4, action: 'error', errors: [{ field: 'barcode', message: 'is also on row 3; keep one' }] },
      { row: 5, action: 'error', errors: [{ field: 'barcode', message: "is already another item's barcode" }] },
      { row: 6, action: 'create', errors: [] },
    ]);
    expect(streams).toHaveLength(2);
  });
});
