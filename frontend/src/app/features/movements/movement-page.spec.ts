import { TestBed } from '@angular/core/testing';
import { liveTestBed } from '../../../testing/live-test-bed';
import { anItem } from '../../../testing/session';
import { MAIN_LOCATION_ID } from '../../core/locations/locations-store';
import { MovementPage } from './movement-page';

const VAN = '0c0c0c0c-0000-4000-8000-000000000001';
const LOCATIONS = [
  { id: MAIN_LOCATION_ID, code: 'MAIN', name: 'Main location', archived: false },
  { id: VAN, code: 'VAN-1', name: 'Van one', archived: false },
  { id: '0c0c0c0c-0000-4000-8000-000000000002', code: 'OLD', name: 'Closed shelf', archived: true },
];
const stockAt = (main: number, van: number) => [
  { locationId: MAIN_LOCATION_ID, code: 'MAIN', quantity: main, lowStockThreshold: null },
  { locationId: VAN, code: 'VAN-1', quantity: van, lowStockThreshold: null },
];

describe('MovementPage', () => {
  const render = async () => {
    const bed = liveTestBed('staff');
    const fixture = TestBed.createComponent(MovementPage);
    fixture.componentRef.setInput('itemId', 'a');
    fixture.detectChanges();
    bed.http.expectOne('/api/items/a').flush({ ...anItem({ id: 'a', sku: 'A-100', quantity: 2, unit: 'box' }), locations: stockAt(2, 0) });
    bed.http.expectOne('/api/locations').flush(LOCATIONS);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    const byTestId = (id: string) => element.querySelector<HTMLElement>(`[data-testid="${id}"]`);
    return { ...bed, fixture, byTestId };
  };

  const fill = (input: HTMLElement | null, value: string) => {
    if (!(input instanceof HTMLInputElement || input instanceof HTMLSelectElement || input instanceof HTMLTextAreaElement))
      throw new Error('no such field');
    input.value = value;
    input.dispatchEvent(new Event(input instanceof HTMLSelectElement ? 'change' : 'input'));
  };

  beforeEach(() => localStorage.clear());

  it('shows the chosen item with its current quantity', async () => {
    const { byTestId } = await render();
    expect(byTestId('movement-current-qty')?.textContent).toBe('2');
  });

  it('says clearly that stock is insufficient when the API refuses an OUT', async () => {
    const { http, fixture, byTestId } = await render();
    fill(byTestId('movement-type'), 'OUT');
    fill(byTestId('movement-quantity'), '5');
    fill(byTestId('movement-reason'), 'Issued');
    byTestId('movement-submit')?.click();

    const request = http.expectOne('/api/stock-movements');
    expect(request.request.body).toEqual({ itemId: 'a', locationId: MAIN_LOCATION_ID, type: 'OUT', quantity: 5, reason: 'Issued' });
    expect(request.request.headers.get('Idempotency-Key')).toBeTruthy();
    request.flush(
      { type: '/problems/insufficient-stock', title: 'Insufficient stock', status: 409, detail: 'Requested 5, 2 in stock.' },
      { status: 409, statusText: 'Conflict' },
    );
    await fixture.whenStable();
    const message = byTestId('movement-error')?.textContent ?? '';
    expect(message).toContain('Not enough stock');
    expect(message).toContain('only 2 box of A-100 at MAIN');
  });

  it('offers the active locations, the main one first time, and shows the units of the item at the one chosen', async () => {
    const { byTestId, fixture } = await render();
    const options = Array.from((byTestId('movement-location') as HTMLSelectElement).options).map((option) => option.textContent.trim());
    expect(options).toEqual(['MAIN — Main location', 'VAN-1 — Van one']);
    expect(value(byTestId('movement-location'))).toBe(MAIN_LOCATION_ID);
    expect(byTestId('movement-location-qty')?.textContent).toContain('2 box of A-100 here');
    fill(byTestId('movement-location'), VAN);
    fixture.detectChanges();
    expect(byTestId('movement-location-qty')?.textContent).toContain('0 box of A-100 here');
  });

  it('sends the chosen location and starts at it next time', async () => {
    const first = await render();
    fill(first.byTestId('movement-location'), VAN);
    fill(first.byTestId('movement-type'), 'IN');
    first.byTestId('movement-submit')?.click();
    expect(first.http.expectOne('/api/stock-movements').request.body).toMatchObject({ itemId: 'a', locationId: VAN });
    TestBed.resetTestingModule();

    const again = await render();
    expect(value(again.byTestId('movement-location'))).toBe(VAN);
  });

  it('falls back to the main location when the remembered one was archived', async () => {
    const first = await render();
    fill(first.byTestId('movement-location'), VAN);
    TestBed.resetTestingModule();
    const bed = liveTestBed('staff');
    const fixture = TestBed.createComponent(MovementPage);
    fixture.detectChanges();
    bed.http.expectOne('/api/locations').flush(LOCATIONS.map((location) => ({ ...location, archived: location.id === VAN })));
    await fixture.whenStable();
    const select = (fixture.nativeElement as HTMLElement).querySelector<HTMLSelectElement>('[data-testid="movement-location"]');
    expect(select?.value).toBe(MAIN_LOCATION_ID);
  });

  it('reads the stock per location again when the item moves elsewhere', async () => {
    const { byTestId, fixture, http, push } = await render();
    fill(byTestId('movement-location'), VAN);
    push({
      type: 'stock.moved',
      position: 30,
      data: {
        movement: { id: 'm9', itemId: 'a', type: 'IN', quantity: 4, locationId: VAN },
        item: anItem({ id: 'a', sku: 'A-100', quantity: 6, version: 3 }),
      },
    });
    http.expectOne('/api/items/a').flush({ ...anItem({ id: 'a', sku: 'A-100', quantity: 6, version: 3 }), locations: stockAt(2, 4) });
    await fixture.whenStable();
    expect(byTestId('movement-location-qty')?.textContent).toContain('4 box of A-100 here');
  });

  it('reports the recorded movement with the quantity before and after', async () => {
    const { http, fixture, byTestId } = await render();
    fill(byTestId('movement-type'), 'IN');
    fill(byTestId('movement-quantity'), '8');
    byTestId('movement-submit')?.click();
    http.expectOne('/api/stock-movements').flush(
      {
        movement: { id: 'm', itemId: 'a', type: 'IN', quantity: 8, quantityBefore: 2, quantityAfter: 10 },
        item: anItem({ id: 'a', sku: 'A-100', quantity: 10, version: 2 }),
      },
      { status: 201, statusText: 'Created' },
    );
    await fixture.whenStable();
    expect(byTestId('movement-success')?.textContent).toContain('2 → 10');
    expect(byTestId('movement-current-qty')?.textContent).toBe('10');
  });

  const recordedIn = (quantity: number) => ({
    movement: { id: 'm', itemId: 'a', type: 'IN', quantity, quantityBefore: 2, quantityAfter: 2 + quantity },
    item: anItem({ id: 'a', sku: 'A-100', quantity: 2 + quantity, version: 2 }),
  });
  const value = (field: HTMLElement | null) => (field as HTMLInputElement).value;
  const submitRefused = async ({ http, fixture, byTestId }: Awaited<ReturnType<typeof render>>) => {
    byTestId('movement-submit')?.click();
    http
      .expectOne('/api/stock-movements')
      .flush(
        { type: '/problems/insufficient-stock', title: 'Insufficient stock', status: 409, detail: 'x' },
        { status: 409, statusText: 'Conflict' },
      );
    await fixture.whenStable();
  };

  it('clears the earlier error when the next movement is recorded, and resets the fields for the next entry', async () => {
    const page = await render();
    const { http, fixture, byTestId } = page;
    fill(byTestId('movement-type'), 'OUT');
    fill(byTestId('movement-quantity'), '5');
    await submitRefused(page);
    expect(byTestId('movement-error')).not.toBeNull();

    fill(byTestId('movement-type'), 'IN');
    fill(byTestId('movement-reason'), 'Delivery');
    fill(byTestId('movement-note'), 'dock 2');
    byTestId('movement-submit')?.click();
    http.expectOne('/api/stock-movements').flush(recordedIn(5), { status: 201, statusText: 'Created' });
    await fixture.whenStable();

    expect(byTestId('movement-error')).toBeNull();
    expect(byTestId('movement-success')).not.toBeNull();
    expect([
      value(byTestId('movement-location')),
      value(byTestId('movement-type')),
      value(byTestId('movement-quantity')),
      value(byTestId('movement-reason')),
      value(byTestId('movement-note')),
    ]).toEqual([MAIN_LOCATION_ID, 'IN', '1', '', '']);
    expect(document.activeElement).toBe(byTestId('movement-item'));
  });

  it('keeps the reason for the next movement only when asked to', async () => {
    const { http, fixture, byTestId } = await render();
    byTestId('movement-keep-reason')?.querySelector('button')?.click();
    fill(byTestId('movement-type'), 'IN');
    fill(byTestId('movement-reason'), 'Delivery');
    byTestId('movement-submit')?.click();
    http.expectOne('/api/stock-movements').flush(recordedIn(1), { status: 201, statusText: 'Created' });
    await fixture.whenStable();
    expect(value(byTestId('movement-reason'))).toBe('Delivery');
  });

  it('takes the success message away when the next movement is refused', async () => {
    const page = await render();
    const { http, fixture, byTestId } = page;
    fill(byTestId('movement-type'), 'IN');
    byTestId('movement-submit')?.click();
    http.expectOne('/api/stock-movements').flush(recordedIn(1), { status: 201, statusText: 'Created' });
    await fixture.whenStable();
    fill(byTestId('movement-type'), 'OUT');
    fill(byTestId('movement-quantity'), '50');
    await submitRefused(page);
    expect(byTestId('movement-success')).toBeNull();
    expect(byTestId('movement-error')).not.toBeNull();
  });

  describe('a transfer', () => {
    const transferred = {
      transfer: {
        id: 't1',
        transferId: 't1',
        itemId: 'a',
        type: 'TRANSFER',
        quantity: 2,
        quantityBefore: 2,
        quantityAfter: 2,
        locationId: MAIN_LOCATION_ID,
        fromLocationId: MAIN_LOCATION_ID,
        toLocationId: VAN,
        fromBefore: 2,
        fromAfter: 0,
        toBefore: 0,
        toAfter: 2,
      },
      item: anItem({ id: 'a', sku: 'A-100', quantity: 2, unit: 'box', version: 2 }),
      position: 12,
    };
    const chooseTransfer = (page: Awaited<ReturnType<typeof render>>, to: string, quantity: string) => {
      fill(page.byTestId('movement-type'), 'TRANSFER');
      page.fixture.detectChanges();
      fill(page.byTestId('transfer-to'), to);
      fill(page.byTestId('movement-quantity'), quantity);
      page.fixture.detectChanges();
    };

    it('refuses the same location at both ends before sending anything', async () => {
      const page = await render();
      chooseTransfer(page, MAIN_LOCATION_ID, '1');
      expect(page.byTestId('transfer-same-location')?.textContent).toContain('already at MAIN');
      page.byTestId('movement-submit')?.click();
      page.http.expectNone('/api/transfers');
    });

    it('shows the units at both ends, sends the transfer with an Idempotency-Key and says what moved where', async () => {
      const page = await render();
      chooseTransfer(page, VAN, '2');
      expect(page.byTestId('movement-location-qty')?.textContent).toContain('2 box of A-100 here');
      expect(page.byTestId('transfer-to-qty')?.textContent).toContain('0 box of A-100 there');
      fill(page.byTestId('movement-reason'), 'Restock');
      page.byTestId('movement-submit')?.click();
      const request = page.http.expectOne('/api/transfers');
      expect(request.request.body).toEqual({
        itemId: 'a',
        fromLocationId: MAIN_LOCATION_ID,
        toLocationId: VAN,
        quantity: 2,
        reason: 'Restock',
      });
      expect(request.request.headers.get('Idempotency-Key')).toBeTruthy();
      request.flush(transferred, { status: 201, statusText: 'Created' });
      page.http.expectOne('/api/items/a').flush({ ...transferred.item, locations: stockAt(0, 2) });
      await page.fixture.whenStable();
      expect(page.byTestId('transfer-success')?.textContent.replace(/\s+/g, ' ').trim()).toBe('Moved 2 A-100 from MAIN to VAN-1');
      expect(page.byTestId('transfer-to-qty')?.textContent).toContain('2 box of A-100 there');
      expect([
        value(page.byTestId('movement-type')),
        value(page.byTestId('transfer-to')),
        value(page.byTestId('movement-quantity')),
      ]).toEqual(['TRANSFER', VAN, '1']);
      expect(document.activeElement).toBe(page.byTestId('movement-item'));
    });

    it('sends the same key again after no answer, and a new one after an answer', async () => {
      const page = await render();
      chooseTransfer(page, VAN, '2');
      page.byTestId('movement-submit')?.click();
      const first = page.http.expectOne('/api/transfers');
      first.flush(
        { type: '/problems/unavailable', title: 'Unavailable', status: 503, detail: 'x' },
        { status: 503, statusText: 'Unavailable' },
      );
      await page.fixture.whenStable();
      page.byTestId('movement-submit')?.click();
      const retry = page.http.expectOne('/api/transfers');
      expect(retry.request.headers.get('Idempotency-Key')).toBe(first.request.headers.get('Idempotency-Key'));
      retry.flush(transferred, { status: 201, statusText: 'Created' });
      page.http.expectOne('/api/items/a').flush({ ...transferred.item, locations: stockAt(0, 2) });
      await page.fixture.whenStable();
      chooseTransfer(page, VAN, '2');
      page.byTestId('movement-submit')?.click();
      expect(page.http.expectOne('/api/transfers').request.headers.get('Idempotency-Key')).not.toBe(
        retry.request.headers.get('Idempotency-Key'),
      );
    });

    it('names the source location and its units when it holds too few', async () => {
      const page = await render();
      chooseTransfer(page, VAN, '5');
      page.byTestId('movement-submit')?.click();
      page.http
        .expectOne('/api/transfers')
        .flush(
          { type: '/problems/insufficient-stock', title: 'Insufficient stock', status: 409, detail: 'x' },
          { status: 409, statusText: 'Conflict' },
        );
      await page.fixture.whenStable();
      expect(page.byTestId('movement-error')?.textContent).toContain('Not enough stock for this transfer: only 2 box of A-100 at MAIN');
    });

    it('reads the units at both ends again when a colleague transfers the item', async () => {
      const page = await render();
      chooseTransfer(page, VAN, '1');
      page.push({ type: 'stock.transferred', position: 31, data: transferred });
      page.http.expectOne('/api/items/a').flush({ ...transferred.item, locations: stockAt(0, 2) });
      await page.fixture.whenStable();
      expect(page.byTestId('movement-location-qty')?.textContent).toContain('0 box of A-100 here');
      expect(page.byTestId('transfer-to-qty')?.textContent).toContain('2 box of A-100 there');
    });
  });
});
