import { TestBed } from '@angular/core/testing';
import { liveTestBed } from '../../../testing/live-test-bed';
import { anItem } from '../../../testing/session';
import type { ListedMovement } from '../../core/api/models';
import { aListedMovement } from '../../../testing/movements';
import { MovementListStore } from './movement-list-store';

const at = (minute: number) => new Date(Date.UTC(2026, 11, 3, 9, minute)).toISOString();
const listed = (id: string, minute: number, overrides: Partial<ListedMovement> = {}) =>
  aListedMovement({ id, at: at(minute), position: minute, ...overrides });
const { item: _label, ...unlabelled } = listed('m9', 9);
const moved = (overrides: Partial<ListedMovement> = {}) => ({
  type: 'stock.moved',
  position: overrides.position ?? 9,
  data: { movement: { ...unlabelled, ...overrides }, item: anItem({ sku: 'A-100', name: 'Pipette tips' }) },
});

describe('MovementListStore', () => {
  const setup = () => {
    const bed = liveTestBed('staff', [MovementListStore]);
    const store = TestBed.inject(MovementListStore);
    return { ...bed, store };
  };
  const ids = (store: MovementListStore) => store.rows().map((row) => row.id);

  it('asks for the filtered movements a page at a time', () => {
    const { store, http } = setup();
    store.show({ type: 'OUT', userId: 'sam-id' });
    http
      .expectOne('/api/stock-movements?type=OUT&userId=sam-id&limit=50')
      .flush({ movements: [listed('m2', 2), listed('m1', 1)], nextCursor: 'c1' });
    store.loadMore();
    http
      .expectOne('/api/stock-movements?type=OUT&userId=sam-id&limit=50&cursor=c1')
      .flush({ movements: [listed('m0', 0)], nextCursor: null });
    expect(ids(store)).toEqual(['m2', 'm1', 'm0']);
    expect(store.nextCursor()).toBeNull();
  });

  it('puts a live movement that matches the filter at the top, named by its item', () => {
    const { store, http, push } = setup();
    store.show({ itemId: 'item-a' });
    http.expectOne('/api/stock-movements?itemId=item-a&limit=50').flush({ movements: [listed('m2', 2)], nextCursor: null });
    push(moved());
    push(moved({ id: 'other', itemId: 'item-b', position: 10 }));
    expect(ids(store)).toEqual(['m9', 'm2']);
    expect(store.rows()[0]?.item).toEqual({ sku: 'A-100', name: 'Pipette tips' });
  });

  it('shows a movement once when it arrives again after a reset fetched it', () => {
    const { store, http, push } = setup();
    store.show({});
    http.expectOne('/api/stock-movements?limit=50').flush({ movements: [listed('m2', 2)], nextCursor: null });
    push({ type: 'reset', epoch: 'e2', position: 9 });
    http.expectOne('/api/stock-movements?limit=50').flush({ movements: [listed('m9', 9), listed('m2', 2)], nextCursor: null });
    push(moved());
    expect(ids(store)).toEqual(['m9', 'm2']);
  });

  it('keeps a movement that arrived live while the first page, read before it, was on its way', () => {
    const { store, http, push } = setup();
    store.show({});
    http.expectOne('/api/stock-movements?limit=50').flush({ movements: [listed('m2', 2)], nextCursor: null });
    push({ type: 'reset', epoch: 'e2', position: 2 });
    push(moved());
    http.expectOne('/api/stock-movements?limit=50').flush({ movements: [listed('m2', 2)], nextCursor: null });
    expect(ids(store)).toEqual(['m9', 'm2']);
  });

  it('marks the movement a live correction reverses as reversed, whether or not the correction matches the filter', () => {
    const { store, http, push } = setup();
    store.show({ type: 'OUT' });
    http.expectOne('/api/stock-movements?type=OUT&limit=50').flush({ movements: [listed('m2', 2), listed('m1', 1)], nextCursor: null });
    push(moved({ type: 'IN', reverses: 'm2' }));
    expect(ids(store)).toEqual(['m2', 'm1']);
    expect(store.rows().map((row) => row.reversedBy)).toEqual(['m9', undefined]);
  });

  it('says there is nothing only after the answer came', () => {
    const { store, http } = setup();
    store.show({ type: 'ADJUST' });
    expect(store.state.loaded()).toBe(false);
    http.expectOne('/api/stock-movements?type=ADJUST&limit=50').flush({ movements: [], nextCursor: null });
    expect(store.state.loaded()).toBe(true);
    expect(store.empty()).toBe(true);
  });

  it('puts a live transfer at the top once, at either of its ends', () => {
    const { store, http, push } = setup();
    store.show({ locationId: 'van' });
    http.expectOne('/api/stock-movements?locationId=van&limit=50').flush({ movements: [listed('m2', 2)], nextCursor: null });
    const transferred = {
      type: 'stock.transferred',
      position: 9,
      data: {
        transfer: { ...unlabelled, id: 't9', type: 'TRANSFER', transferId: 't9', fromLocationId: 'main', toLocationId: 'van' },
        item: anItem({ sku: 'A-100', name: 'Pipette tips' }),
      },
    };
    push(transferred);
    push(transferred);
    expect(ids(store)).toEqual(['t9', 'm2']);
    expect(store.rows()[0]).toMatchObject({ type: 'TRANSFER', toLocationId: 'van', item: { sku: 'A-100' } });
  });
});
