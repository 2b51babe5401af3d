import { TestBed } from '@angular/core/testing';
import { liveTestBed } from '../../../testing/live-test-bed';
import { anItem } from '../../../testing/session';
import type { NewMovement } from '../../core/api/models';
import { MovementStore } from './movement-store';

const item = anItem({ id: 'a', quantity: 10, version: 1 });
const out3: NewMovement = { itemId: 'a', type: 'OUT', quantity: 3 };
const recorded = {
  movement: { id: 'm1', type: 'OUT', quantity: 3, quantityBefore: 10, quantityAfter: 7 },
  item: { ...item, quantity: 7, version: 2 },
};

describe('MovementStore', () => {
  const setup = () => {
    const bed = liveTestBed('staff', [MovementStore]);
    const store = TestBed.inject(MovementStore);
    store.choose(item);
    // Choosing reads the item's stock per location.
    bed.http.expectOne('/api/items/a').flush({ ...item, locations: [] });
    return { ...bed, store };
  };
  const key = (request: { request: { headers: { get(name: string): string | null } } }) => request.request.headers.get('Idempotency-Key');

  beforeEach(() => localStorage.clear());

  it('sends one request with an Idempotency-Key for a double click', () => {
    const { store, http } = setup();
    store.submit(out3).subscribe();
    store.submit(out3).subscribe();
    const request = http.expectOne('/api/stock-movements');
    expect(key(request)).toMatch(/^[0-9a-f-]{36}$/);
    request.flush(recorded, { status: 201, statusText: 'Created' });
    expect(store.item()?.quantity).toBe(7);
    expect(store.recorded()?.movement.quantityAfter).toBe(7);
  });

  it('retries a submission that got no answer with the same key', () => {
    const { store, http } = setup();
    store.submit(out3).subscribe();
    const first = http.expectOne('/api/stock-movements');
    first.error(new ProgressEvent('error'), { status: 0 });
    expect(store.problem()?.status).toBe(0);
    store.submit(out3).subscribe();
    const retry = http.expectOne('/api/stock-movements');
    expect(key(retry)).toBe(key(first));
  });

  it('uses a new key for the next movement after one was recorded', () => {
    const { store, http } = setup();
    store.submit(out3).subscribe();
    const first = http.expectOne('/api/stock-movements');
    first.flush(recorded, { status: 201, statusText: 'Created' });
    store.submit(out3).subscribe();
    expect(key(http.expectOne('/api/stock-movements'))).not.toBe(key(first));
  });

  it('keeps the insufficient-stock problem and completes without a result', () => {
    const { store, http } = setup();
    const next = vi.fn();
    store.submit({ ...out3, quantity: 50 }).subscribe(next);
    http
      .expectOne('/api/stock-movements')
      .flush(
        { type: '/problems/insufficient-stock', title: 'Insufficient stock', status: 409, detail: 'Only 10 in stock' },
        { status: 409, statusText: 'Conflict' },
      );
    expect(next).not.toHaveBeenCalled();
    expect(store.problem()?.type).toBe('/problems/insufficient-stock');
    expect(store.submitting()).toBe(false);
  });

  it('keeps the chosen item current when a colleague moves its stock', () => {
    const { store, push } = setup();
    push({ type: 'stock.moved', position: 3, data: { movement: {}, item: { ...item, quantity: 2, version: 2 } } });
    push({ type: 'stock.moved', position: 4, data: { movement: {}, item: anItem({ id: 'other', quantity: 99, version: 5 }) } });
    expect(store.item()?.quantity).toBe(2);
  });

  it('reads the chosen item again when the server says its data can no longer be patched', () => {
    const { store, push, http } = setup();
    push({ type: 'reset', epoch: 'e1', position: 40 });
    http.expectOne('/api/items/a').flush({ ...item, quantity: 4, version: 9 });
    expect(store.item()?.quantity).toBe(4);
  });

  it('reads nothing on a reset while no item is chosen', () => {
    const { store, push, http } = setup();
    store.choose(null);
    push({ type: 'reset', epoch: 'e1', position: 40 });
    http.verify();
  });
});
