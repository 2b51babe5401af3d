import { TestBed } from '@angular/core/testing';
import { liveTestBed } from '../../../testing/live-test-bed';
import { anItem } from '../../../testing/session';
import { MovementPage } from './movement-page';

describe('MovementPage', () => {
  const render = async () => {
    const bed = liveTestBed('staff');
    const fixture = TestBed.createComponent(MovementPage);
    fixture.componentRef.setInput('itemId', 'a');
    fixture.detectChanges();
    bed.http.expectOne('/api/items/a').flush(anItem({ id: 'a', sku: 'A-100', quantity: 2, unit: 'box' }));
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
    expect(request.request.body).toEqual({ itemId: 'a', type: 'OUT', quantity: 5, reason: 'Issued' });
    expect(request.request.headers.get('Idempotency-Key')).toBeTruthy();
    request.flush(
      { type: '/problems/insufficient-stock', title: 'Insufficient stock', status: 409, detail: 'Requested 5, 2 in stock.' },
      { status: 409, statusText: 'Conflict' },
    );
    await fixture.whenStable();
    const message = byTestId('movement-error')?.textContent ?? '';
    expect(message).toContain('Not enough stock');
    expect(message).toContain('only 2 box of A-100 in stock');
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
      value(byTestId('movement-type')),
      value(byTestId('movement-quantity')),
      value(byTestId('movement-reason')),
      value(byTestId('movement-note')),
    ]).toEqual(['IN', '1', '', '']);
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
});
