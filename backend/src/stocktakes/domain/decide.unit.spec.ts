import { InsufficientStockError, ItemArchivedError, MAIN_LOCATION_ID, type InventoryEvent } from '../../inventory';
import { decide, decidePosting } from './decide';
import { fold } from './stocktake';
import type { StocktakeCommand } from './stocktake-commands';
import {
  InvalidCountError,
  NotALineError,
  NothingCountedError,
  NothingToCountError,
  StocktakeAlreadyExistsError,
  StocktakeNotFoundError,
  StocktakePostedError,
  UncountableItemsError,
} from './stocktake-errors';
import type { StocktakeEvent } from './stocktake-events';

/** Emmett's given/when/then, as the inventory's and the locations' decider tests read. */
const given = (events: readonly StocktakeEvent[]) => ({
  when: (command: StocktakeCommand) => {
    const handle = () => decide(command, fold(events));
    return {
      then: (expected: readonly StocktakeEvent[]) => expect(handle()).toEqual(expected),
      thenThrows: (type: new (...args: never[]) => Error) => expect(handle).toThrow(type),
    };
  },
});

const stocktakeId = '5ec0c000-0000-4000-8000-000000000001';
const shelf = '5ec0c000-0000-4000-8000-0000000000aa';
const [bolt, nut] = ['5ec0c000-0000-4000-8000-00000000b001', '5ec0c000-0000-4000-8000-00000000b002'];
const counter = { id: 'u-1', username: 'ann' };
const countedAt = '2026-12-03T10:00:00.000Z';

const opened: StocktakeEvent = { type: 'StocktakeChanged', data: { stocktakeId, kind: 'opened', locationId: shelf, itemIds: [bolt, nut] } };
const count = (itemId: string, counted: number, expected: number, itemVersion: number): StocktakeEvent => ({
  type: 'StocktakeChanged',
  data: {
    stocktakeId,
    kind: 'counted',
    itemId,
    counted,
    expected,
    itemVersion,
    position: 100 + itemVersion,
    countedAt,
    countedBy: counter,
  },
});
const posted: StocktakeEvent = { type: 'StocktakeChanged', data: { stocktakeId, kind: 'posted', lines: [] } };

const countLine = (itemId: string, counted: number): StocktakeCommand => ({
  type: 'CountLine',
  data: { stocktakeId, itemId, counted, expected: 4, itemVersion: 2, position: 102, countedAt, countedBy: counter },
});

describe('OpenStocktake', () => {
  const openWith = (items: { itemId: string; status: 'absent' | 'active' | 'archived' }[]): StocktakeCommand => ({
    type: 'OpenStocktake',
    data: { stocktakeId, locationId: shelf, items },
  });

  it('opens a count with one line per item, each once', () =>
    given([])
      .when(
        openWith([
          { itemId: bolt, status: 'active' },
          { itemId: nut, status: 'active' },
          { itemId: bolt, status: 'active' },
        ]),
      )
      .then([opened]));

  it('refuses a count with no line', () => given([]).when(openWith([])).thenThrows(NothingToCountError));

  it('refuses unknown and archived items', () => {
    given([])
      .when(openWith([{ itemId: bolt, status: 'absent' }]))
      .thenThrows(UncountableItemsError);
    given([])
      .when(openWith([{ itemId: nut, status: 'archived' }]))
      .thenThrows(UncountableItemsError);
  });

  it('refuses to open a stocktake twice', () =>
    given([opened])
      .when(openWith([{ itemId: bolt, status: 'active' }]))
      .thenThrows(StocktakeAlreadyExistsError));
});

describe('CountLine', () => {
  it('records the count with the item version and position it was taken at', () =>
    given([opened])
      .when(countLine(bolt, 5))
      .then([
        {
          type: 'StocktakeChanged',
          data: {
            stocktakeId,
            kind: 'counted',
            itemId: bolt,
            counted: 5,
            expected: 4,
            itemVersion: 2,
            position: 102,
            countedAt,
            countedBy: counter,
          },
        },
      ]));

  it('refuses an unknown stocktake', () => given([]).when(countLine(bolt, 5)).thenThrows(StocktakeNotFoundError));
  it('refuses an item that is not a line', () => given([opened]).when(countLine(shelf, 5)).thenThrows(NotALineError));
  it('refuses a negative or fractional count', () => {
    given([opened]).when(countLine(bolt, -1)).thenThrows(InvalidCountError);
    given([opened]).when(countLine(bolt, 1.5)).thenThrows(InvalidCountError);
  });
  it('refuses a count once posted', () => given([opened, posted]).when(countLine(bolt, 5)).thenThrows(StocktakePostedError));
});

describe('decidePosting', () => {
  const fields = {
    sku: 'B-1',
    name: 'Bolt',
    description: '',
    unit: 'pcs',
    lowStockThreshold: 0,
    price: 2,
    reorderPoint: null,
    reorderQuantity: null,
    leadTimeDays: null,
  };
  const created = (itemId: string, quantity: number): InventoryEvent => ({
    type: 'ItemChanged',
    data: { itemId, kind: 'created', before: null, after: fields, quantity, reason: null },
  });
  const received = (itemId: string, quantity: number, before: number, locationId = shelf): InventoryEvent => ({
    type: 'StockMoved',
    data: {
      itemId,
      movementId: `m-${before}`,
      type: 'IN',
      quantity,
      quantityBefore: before,
      quantityAfter: before + quantity,
      reason: null,
      note: null,
      locationId,
    },
  });
  const issued = (itemId: string, quantity: number, before: number): InventoryEvent => ({
    type: 'StockMoved',
    data: {
      itemId,
      movementId: `o-${before}`,
      type: 'OUT',
      quantity,
      quantityBefore: before,
      quantityAfter: before - quantity,
      reason: null,
      note: null,
      locationId: shelf,
    },
  });
  const ids = new Map([
    [bolt, 'adjust-bolt'],
    [nut, 'adjust-nut'],
  ]);

  it('adjusts by counted − stock at the counted version, applied to the stock now', () => {
    // Bolt: 10 on the shelf when counted at version 2 (counted 7: three missing); 5 more arrived afterwards.
    const boltEvents = [created(bolt, 0), received(bolt, 10, 0), received(bolt, 5, 10)];
    // Nut: counted right (4 at version 2), then 1 issued.
    const nutEvents = [created(nut, 0), received(nut, 4, 0), issued(nut, 1, 4)];
    const posting = decidePosting(
      fold([opened, count(bolt, 7, 10, 2), count(nut, 4, 4, 2)]),
      stocktakeId,
      new Map([
        [bolt, boltEvents],
        [nut, nutEvents],
      ]),
      ids,
    );
    expect(
      posting.lines.map(({ itemId, expected, adjustment, quantityBefore, quantityAfter, movementId }) => ({
        itemId,
        expected,
        adjustment,
        quantityBefore,
        quantityAfter,
        movementId,
      })),
    ).toEqual([
      { itemId: bolt, expected: 10, adjustment: -3, quantityBefore: 15, quantityAfter: 12, movementId: 'adjust-bolt' },
      { itemId: nut, expected: 4, adjustment: 0, quantityBefore: 3, quantityAfter: 3, movementId: null },
    ]);
    expect([...posting.items.keys()]).toEqual([bolt]);
    expect(posting.items.get(bolt)).toEqual([
      {
        type: 'StockMoved',
        data: {
          itemId: bolt,
          movementId: 'adjust-bolt',
          type: 'ADJUST',
          quantity: -3,
          quantityBefore: 15,
          quantityAfter: 12,
          reason: 'stocktake',
          note: `stocktake ${stocktakeId}`,
          locationId: shelf,
        },
      },
    ]);
    expect(posting.stocktake.data).toEqual({
      stocktakeId,
      kind: 'posted',
      lines: [
        {
          itemId: bolt,
          counted: 7,
          expected: 10,
          adjustment: -3,
          countedAt,
          movementId: 'adjust-bolt',
          quantityBefore: 15,
          quantityAfter: 12,
        },
        { itemId: nut, counted: 4, expected: 4, adjustment: 0, countedAt, movementId: null, quantityBefore: 3, quantityAfter: 3 },
      ],
    });
  });

  it('leaves uncounted lines alone', () => {
    const posting = decidePosting(
      fold([opened, count(nut, 4, 4, 2)]),
      stocktakeId,
      new Map([[nut, [created(nut, 0), received(nut, 4, 0)]]]),
      ids,
    );
    expect(posting.lines.map(({ itemId }) => itemId)).toEqual([nut]);
  });

  it('refuses an unknown stocktake, one with nothing counted, and one already posted', () => {
    expect(() => decidePosting(fold([]), stocktakeId, new Map(), ids)).toThrow(StocktakeNotFoundError);
    expect(() => decidePosting(fold([opened]), stocktakeId, new Map(), ids)).toThrow(NothingCountedError);
    expect(() => decidePosting(fold([opened, count(nut, 4, 4, 2), posted]), stocktakeId, new Map(), ids)).toThrow(StocktakePostedError);
  });

  it('refuses an adjustment that would take the stock now below zero', () => {
    // Counted 2 of the 10 there; 9 were issued since: 1 left, and 8 cannot be taken away.
    const events = [created(bolt, 0), received(bolt, 10, 0), issued(bolt, 9, 10)];
    expect(() => decidePosting(fold([opened, count(bolt, 2, 10, 2)]), stocktakeId, new Map([[bolt, events]]), ids)).toThrow(
      InsufficientStockError,
    );
  });

  it('refuses to adjust an item archived since the count', () => {
    const archived: InventoryEvent = {
      type: 'ItemChanged',
      data: { itemId: bolt, kind: 'archived', before: fields, after: fields, quantity: 10, reason: null },
    };
    const events = [created(bolt, 0), received(bolt, 10, 0), archived];
    expect(() => decidePosting(fold([opened, count(bolt, 7, 10, 2)]), stocktakeId, new Map([[bolt, events]]), ids)).toThrow(
      ItemArchivedError,
    );
  });

  it('counts stock recorded without a location at the main location', () => {
    const main: StocktakeEvent = {
      type: 'StocktakeChanged',
      data: { stocktakeId, kind: 'opened', locationId: MAIN_LOCATION_ID, itemIds: [bolt] },
    };
    const posting = decidePosting(fold([main, count(bolt, 6, 5, 1)]), stocktakeId, new Map([[bolt, [created(bolt, 5)]]]), ids);
    expect(posting.lines[0]).toMatchObject({ expected: 5, adjustment: 1, quantityAfter: 6 });
  });
});
