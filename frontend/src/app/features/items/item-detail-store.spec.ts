import { TestBed } from '@angular/core/testing';
import type { HistoryEntry } from '../../core/api/models';
import { liveTestBed } from '../../../testing/live-test-bed';
import { anItem } from '../../../testing/session';
import { ItemDetailStore, newerEntries, quantitySeries } from './item-detail-store';

const entry = (position: number, at: string, quantityAfter: number): HistoryEntry => ({
  position,
  type: 'IN',
  at,
  user: { id: 'u', username: 'sam' },
  before: null,
  after: null,
  quantityBefore: 0,
  quantityAfter,
  quantity: null,
  reason: null,
  note: null,
});

describe('item detail', () => {
  it('draws quantity over time oldest first and extends it to now', () => {
    const history = [entry(9, '2026-11-24T12:00:00Z', 7), entry(3, '2026-11-24T09:00:00Z', 10)];
    const now = Date.parse('2026-11-24T13:00:00Z');
    expect(quantitySeries(history, anItem({ quantity: 7 }), now)).toEqual([
      { x: Date.parse('2026-11-24T09:00:00Z'), y: 10 },
      { x: Date.parse('2026-11-24T12:00:00Z'), y: 7 },
      { x: now, y: 7 },
    ]);
    expect(quantitySeries([], anItem(), now)).toEqual([]);
  });

  it('adds only the entries newer than those shown', () => {
    const shown = [entry(5, 'x', 1), entry(4, 'x', 1)];
    const fresh = [entry(7, 'x', 1), entry(6, 'x', 1), entry(5, 'x', 1)];
    expect(newerEntries(fresh, shown).map((e) => e.position)).toEqual([7, 6]);
  });
});

describe('ItemDetailStore, live', () => {
  const at = (locationId: string, code: string, quantity: number) => ({ locationId, code, quantity, lowStockThreshold: null });
  const setup = () => {
    const bed = liveTestBed('staff', [ItemDetailStore]);
    const store = TestBed.inject(ItemDetailStore);
    store.open('a');
    bed.http.expectOne('/api/items/a').flush({ ...anItem({ id: 'a', quantity: 5, version: 2 }), locations: [at('main', 'MAIN', 5)] });
    bed.http.expectOne((request) => request.url === '/api/items/a/history').flush({ entries: [], nextCursor: null });
    return { ...bed, store };
  };

  beforeEach(() => localStorage.clear());

  it('reads the stock per location again when the item moves, keeping the breakdown shown meanwhile', () => {
    const { store, push, http } = setup();
    push({
      type: 'stock.moved',
      position: 9,
      data: {
        movement: { id: 'm', itemId: 'a', type: 'IN', quantity: 3, locationId: 'van' },
        item: anItem({ id: 'a', quantity: 8, version: 3 }),
      },
    });
    expect(store.item()).toMatchObject({ quantity: 8, locations: [at('main', 'MAIN', 5)] });
    http
      .expectOne((request) => request.url === '/api/items/a')
      .flush({ ...anItem({ id: 'a', quantity: 8, version: 3 }), locations: [at('main', 'MAIN', 5), at('van', 'VAN', 3)] });
    expect(store.item()?.locations).toEqual([at('main', 'MAIN', 5), at('van', 'VAN', 3)]);
  });

  it('keeps the breakdown through an edit of the item, without reading it again', () => {
    const { store, push, http } = setup();
    push({ type: 'item.updated', position: 9, data: anItem({ id: 'a', name: 'Renamed', quantity: 5, version: 3 }) });
    expect(store.item()).toMatchObject({ name: 'Renamed', locations: [at('main', 'MAIN', 5)] });
    http.expectNone((request) => request.url === '/api/items/a');
  });

  it('reads both ends of a transfer again when the item is transferred', () => {
    const { store, push, http } = setup();
    push({
      type: 'stock.transferred',
      position: 9,
      data: {
        transfer: {
          id: 't',
          transferId: 't',
          itemId: 'a',
          type: 'TRANSFER',
          quantity: 2,
          locationId: 'main',
          fromLocationId: 'main',
          toLocationId: 'van',
        },
        item: anItem({ id: 'a', quantity: 5, version: 3 }),
      },
    });
    http
      .expectOne((request) => request.url === '/api/items/a')
      .flush({ ...anItem({ id: 'a', quantity: 5, version: 3 }), locations: [at('main', 'MAIN', 3), at('van', 'VAN', 2)] });
    expect(store.item()?.locations).toEqual([at('main', 'MAIN', 3), at('van', 'VAN', 2)]);
    http.expectOne((request) => request.url === '/api/items/a/history');
  });

  it('reads the breakdown again when an update changes none of the item fields (a threshold at a location)', () => {
    const { store, push, http } = setup();
    push({ type: 'item.updated', position: 9, data: anItem({ id: 'a', quantity: 5, version: 3 }) });
    const withThreshold = { ...at('main', 'MAIN', 5), lowStockThreshold: 6, lowStock: true };
    http
      .expectOne((request) => request.url === '/api/items/a')
      .flush({ ...anItem({ id: 'a', quantity: 5, version: 3 }), locations: [withThreshold] });
    expect(store.item()?.locations).toEqual([withThreshold]);
  });
});
