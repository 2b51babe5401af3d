import { TestBed } from '@angular/core/testing';
import { liveTestBed } from '../../../testing/live-test-bed';
import { anItem } from '../../../testing/session';
import { MAX_PAGE } from '../../core/api/api-client';
import { HIGHLIGHT_MS, ItemsStore, compareItems } from './items-store';

const a = anItem({ id: 'a', sku: 'A-1', quantity: 10, version: 1 });
const c = anItem({ id: 'c', sku: 'C-3', quantity: 3, version: 1 });

describe('ItemsStore', () => {
  const setup = (nextCursor: string | null = null) => {
    const bed = liveTestBed('staff', [ItemsStore]);
    const store = TestBed.inject(ItemsStore);
    store.load();
    const request = bed.http.expectOne((r) => r.url === '/api/items');
    expect(request.request.params.get('limit')).toBe(String(MAX_PAGE));
    request.flush({ items: [a, c], nextCursor });
    return { ...bed, store };
  };

  beforeEach(() => {
    localStorage.clear();
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('replaces a row a colleague changed in place and highlights it briefly', () => {
    const { store, push } = setup();
    push({ type: 'stock.moved', position: 10, data: { movement: {}, item: { ...a, quantity: 4, version: 2 } } });
    expect(store.rows().map((item) => [item.sku, item.quantity])).toEqual([
      ['A-1', 4],
      ['C-3', 3],
    ]);
    expect(store.highlighted().has('a')).toBe(true);
    vi.advanceTimersByTime(HIGHLIGHT_MS);
    expect(store.highlighted().has('a')).toBe(false);
  });

  it('keeps a newer row when an older version of it arrives late', () => {
    const { store, push } = setup();
    push({ type: 'item.updated', position: 11, data: { ...a, quantity: 8, version: 3 } });
    push({ type: 'item.updated', position: 12, data: { ...a, quantity: 9, version: 2 } });
    expect(store.rows()[0]?.quantity).toBe(8);
  });

  it('inserts a created item in SKU order', () => {
    const { store, push } = setup();
    push({ type: 'item.created', position: 13, data: anItem({ id: 'b', sku: 'B-2' }) });
    expect(store.rows().map((item) => item.sku)).toEqual(['A-1', 'B-2', 'C-3']);
  });

  it('leaves a created item past the loaded pages to the page that will bring it', () => {
    const { store, push } = setup('cursor-1');
    push({ type: 'item.created', position: 14, data: anItem({ id: 'z', sku: 'Z-9' }) });
    expect(store.count()).toBe(2);
  });

  it('does not show a created item the search excludes', () => {
    const bed = liveTestBed('staff', [ItemsStore]);
    const store = TestBed.inject(ItemsStore);
    store.setSearch('pipette');
    bed.http.expectOne((r) => r.url === '/api/items' && r.params.get('search') === 'pipette').flush({ items: [], nextCursor: null });
    bed.push({ type: 'item.created', position: 15, data: anItem({ id: 'g', sku: 'G-1', name: 'Gloves' }) });
    expect(store.count()).toBe(0);
  });

  it('removes an archived item', () => {
    const { store, push } = setup();
    push({ type: 'item.archived', position: 16, data: { ...c, archived: true, version: 2 } });
    expect(store.rows().map((item) => item.sku)).toEqual(['A-1']);
  });

  it('fetches the first page again when the bus says its data is stale', () => {
    const { http, push } = setup();
    push({ type: 'reset' });
    http.expectOne((r) => r.url === '/api/items' && !r.params.has('cursor')).flush({ items: [a], nextCursor: null });
  });

  it('appends the next page by cursor', () => {
    const { store, http } = setup('cursor-1');
    store.loadMore();
    http.expectOne((r) => r.params.get('cursor') === 'cursor-1').flush({ items: [anItem({ id: 'd', sku: 'D-4' })], nextCursor: null });
    expect(store.rows().map((item) => item.sku)).toEqual(['A-1', 'C-3', 'D-4']);
    expect(store.nextCursor()).toBeNull();
  });

  it('asks the API for the view and order chosen, from a first page that replaces what was shown', () => {
    const { store, http } = setup('cursor-1');
    store.setLowStockOnly(true);
    http.expectOne((r) => r.params.get('lowStock') === 'true').flush({ items: [], nextCursor: null });
    store.show(true, { active: 'quantity', direction: 'desc' });
    expect(store.count()).toBe(0);
    expect(store.state.loaded()).toBe(false);
    const request = http.expectOne((r) => r.url === '/api/items');
    expect(request.request.params.get('sort')).toBe('-quantity');
    expect(request.request.params.get('archived')).toBe('true');
    expect(request.request.params.has('lowStock')).toBe(false);
    expect(request.request.params.has('cursor')).toBe(false);
  });

  it('moves a row whose sort key changed to its place in the order asked for', () => {
    const { store, http, push } = setup();
    store.show(false, { active: 'quantity', direction: 'asc' });
    http.expectOne((r) => r.params.get('sort') === 'quantity').flush({ items: [c, a], nextCursor: null });
    push({ type: 'stock.moved', position: 17, data: { movement: {}, item: { ...a, quantity: 1, version: 2 } } });
    expect(store.rows().map((item) => [item.sku, item.quantity])).toEqual([
      ['A-1', 1],
      ['C-3', 3],
    ]);
  });

  it('takes a restored item out of the archived view and puts it back into the active one', () => {
    const { store, http, push } = setup();
    push({ type: 'item.restored', position: 18, data: anItem({ id: 'b', sku: 'B-2', version: 3 }) });
    expect(store.rows().map((item) => item.sku)).toEqual(['A-1', 'B-2', 'C-3']);

    store.show(true, { active: 'sku', direction: 'asc' });
    http
      .expectOne((r) => r.params.get('archived') === 'true')
      .flush({ items: [anItem({ id: 'z', sku: 'Z-1', archived: true })], nextCursor: null });
    push({ type: 'item.archived', position: 19, data: { ...a, archived: true, version: 2 } });
    expect(store.rows().map((item) => item.sku)).toEqual(['A-1', 'Z-1']);
    push({ type: 'item.restored', position: 20, data: anItem({ id: 'z', sku: 'Z-1', version: 3 }) });
    expect(store.rows().map((item) => item.sku)).toEqual(['A-1']);
  });

  it('orders as the API does: unpriced below every price, ties by id, both reversed when descending', () => {
    const items = [
      anItem({ id: 'p2', price: 2 }),
      anItem({ id: 'n1', price: null }),
      anItem({ id: 'p1', price: 2 }),
      anItem({ id: 'p0', price: 0 }),
    ];
    expect([...items].sort(compareItems({ active: 'price', direction: 'asc' })).map((item) => item.id)).toEqual(['n1', 'p0', 'p1', 'p2']);
    expect([...items].sort(compareItems({ active: 'price', direction: 'desc' })).map((item) => item.id)).toEqual(['p2', 'p1', 'p0', 'n1']);
  });

  describe('filtered by location', () => {
    const filtered = () => {
      const bed = liveTestBed('staff', [ItemsStore]);
      const store = TestBed.inject(ItemsStore);
      store.show(false, { active: 'sku', direction: 'asc' }, 'van');
      const request = bed.http.expectOne((r) => r.url === '/api/items');
      expect(request.request.params.get('locationId')).toBe('van');
      request.flush({ items: [a], nextCursor: null });
      return { ...bed, store };
    };

    it('fetches the list again when stock moves at that location, whichever item it was', () => {
      const { store, push, http } = filtered();
      push({ type: 'stock.moved', position: 20, data: { movement: { locationId: 'van' }, item: { ...c, quantity: 5, version: 2 } } });
      http.expectOne((r) => r.url === '/api/items' && r.params.get('locationId') === 'van').flush({ items: [a, c], nextCursor: null });
      expect(store.rows().map((item) => item.sku)).toEqual(['A-1', 'C-3']);
    });

    it('fetches the list again when a transfer brings stock to that location', () => {
      const { push, http } = filtered();
      push({
        type: 'stock.transferred',
        position: 20,
        data: { transfer: { locationId: 'main', toLocationId: 'van' }, item: { ...c, version: 2 } },
      });
      http.expectOne((r) => r.url === '/api/items' && r.params.get('locationId') === 'van').flush({ items: [a, c], nextCursor: null });
    });

    it('updates a row shown for a move elsewhere, and adds no item it cannot know has stock there', () => {
      const { store, push, http } = filtered();
      push({ type: 'stock.moved', position: 21, data: { movement: { locationId: 'main' }, item: { ...a, quantity: 7, version: 2 } } });
      push({ type: 'item.created', position: 22, data: anItem({ id: 'b', sku: 'B-2' }) });
      http.expectNone((r) => r.url === '/api/items');
      expect(store.rows().map((item) => [item.sku, item.quantity])).toEqual([['A-1', 7]]);
    });
  });
});
