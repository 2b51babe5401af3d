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
    if (!(input instanceof HTMLInputElement || input instanceof HTMLSelectElement)) throw new Error('no such field');
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
});
