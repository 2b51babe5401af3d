import { TestBed } from '@angular/core/testing';
import { liveTestBed } from '../../../testing/live-test-bed';
import { anItem } from '../../../testing/session';
import { DashboardStore, stockValue } from './dashboard-store';

describe('DashboardStore', () => {
  beforeEach(() => localStorage.clear());

  it('values the stock as the sum of quantity × price, skipping unpriced and archived items', () => {
    expect(
      stockValue([
        anItem({ quantity: 10, price: 2.5 }),
        anItem({ quantity: 4, price: null }),
        anItem({ quantity: 3, price: 100, archived: true }),
        anItem({ quantity: 2, price: 0.25 }),
      ]),
    ).toBe(25.5);
  });

  it('reads every page of items, then keeps value, low-stock list and today’s movements live', () => {
    const bed = liveTestBed('staff', [DashboardStore]);
    const store = TestBed.inject(DashboardStore);
    store.load();
    bed.http
      .expectOne((r) => r.url === '/api/items' && !r.params.has('cursor'))
      .flush({ items: [anItem({ id: 'a', sku: 'A', quantity: 10, price: 1 })], nextCursor: 'c1' });
    bed.http
      .expectOne((r) => r.url === '/api/items' && r.params.get('cursor') === 'c1')
      .flush({ items: [anItem({ id: 'b', sku: 'B', quantity: 5, price: 2 })], nextCursor: null });
    bed.http.expectOne((r) => r.url === '/api/stock-movements').flush({ movements: [], nextCursor: null });
    expect(store.value()).toBe(20);

    const movement = { id: 'm1', itemId: 'b', type: 'OUT', quantity: 4, quantityBefore: 5, quantityAfter: 1, at: new Date().toISOString() };
    bed.push({
      type: 'stock.moved',
      position: 9,
      data: { movement, item: anItem({ id: 'b', sku: 'B', quantity: 1, price: 2, lowStock: true, version: 2 }) },
    });
    expect(store.value()).toBe(12);
    expect(store.lowStock().map((item) => item.sku)).toEqual(['B']);
    expect(store.movements().map((m) => m.id)).toEqual(['m1']);

    const transfer = { ...movement, id: 't1', type: 'TRANSFER', quantity: 1, quantityBefore: 1, quantityAfter: 1 };
    bed.push({
      type: 'stock.transferred',
      position: 10,
      data: { transfer, item: anItem({ id: 'b', sku: 'B', quantity: 1, price: 2, version: 3 }) },
    });
    expect(store.movements().map((m) => m.id)).toEqual(['t1', 'm1']);
    expect(store.item('b')?.version).toBe(3);
  });

  it('counts the items no posted stocktake counted in 90 days, new ones included, and loads again when a stocktake is posted', () => {
    const bed = liveTestBed('staff', [DashboardStore]);
    const store = TestBed.inject(DashboardStore);
    store.load();
    const day = 24 * 60 * 60 * 1000;
    const counted = (id: string, daysAgo: number | null) => ({
      ...anItem({ id, sku: id }),
      lastCountedAt: daysAgo === null ? null : new Date(Date.now() - daysAgo * day).toISOString(),
    });
    bed.http
      .expectOne((r) => r.url === '/api/items')
      .flush({ items: [counted('recent', 3), counted('old', 120), counted('never', null)], nextCursor: null });
    bed.http.expectOne((r) => r.url === '/api/stock-movements').flush({ movements: [], nextCursor: null });
    expect(store.notCountedCount()).toBe(2);
    expect(Date.now() - Date.parse(store.notCountedSince())).toBeGreaterThanOrEqual(90 * day);

    bed.push({ type: 'item.created', position: 5, data: anItem({ id: 'fresh', sku: 'FRESH' }) });
    expect(store.notCountedCount()).toBe(3);

    bed.push({ type: 'stocktake.changed', position: 6, data: { id: 's1', kind: 'counted', status: 'open', itemId: 'old' } });
    bed.http.expectNone((r) => r.url === '/api/items');
    bed.push({ type: 'stocktake.changed', position: 7, data: { id: 's1', kind: 'posted', status: 'posted', itemId: null } });
    bed.http.expectOne((r) => r.url === '/api/items').flush({ items: [counted('recent', 3), counted('old', 0)], nextCursor: null });
    bed.http.expectOne((r) => r.url === '/api/stock-movements').flush({ movements: [], nextCursor: null });
    expect(store.notCountedCount()).toBe(0);
  });
});
