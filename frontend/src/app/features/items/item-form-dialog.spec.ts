import { inject } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import { liveTestBed } from '../../../testing/live-test-bed';
import { anItem } from '../../../testing/session';
import { ItemFormDialog, changedFields } from './item-form-dialog';
import { ItemsStore } from './items-store';

describe('ItemFormDialog', () => {
  const render = async (item?: ReturnType<typeof anItem>) => {
    const close = vi.fn();
    const bed = liveTestBed('manager', [
      ItemsStore,
      { provide: MatDialogRef, useValue: { close } },
      { provide: MAT_DIALOG_DATA, useFactory: () => ({ store: inject(ItemsStore), item }) },
    ]);
    const fixture = TestBed.createComponent(ItemFormDialog);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    const byTestId = (id: string) => element.querySelector<HTMLElement>(`[data-testid="${id}"]`);
    const type = (id: string, value: string) => {
      const input = byTestId(id);
      if (!(input instanceof HTMLInputElement)) throw new Error(`no ${id}`);
      input.value = value;
      input.dispatchEvent(new Event('input'));
    };
    return { ...bed, fixture, byTestId, type, close };
  };

  beforeEach(() => localStorage.clear());

  it('shows the API’s field errors under the fields they name', async () => {
    const { http, fixture, byTestId, type, close } = await render();
    type('item-form-sku', 'A-100');
    type('item-form-name', 'Pipette tips');
    byTestId('item-form-submit')?.click();
    http.expectOne('/api/items').flush(
      {
        type: '/problems/validation',
        title: 'The request is not valid',
        status: 400,
        detail: '2 fields are not valid',
        errors: [
          { field: 'sku', message: 'SKU A-100 is already taken' },
          { field: 'price', message: 'price must not be negative' },
        ],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await fixture.whenStable();
    const errors = [...(fixture.nativeElement as HTMLElement).querySelectorAll('mat-error')].map((e) => e.textContent.trim());
    expect(errors).toEqual(['SKU A-100 is already taken', 'price must not be negative']);
    expect(byTestId('item-form-error')).toBeNull();
    expect(close).not.toHaveBeenCalled();
  });

  it('sends only the changed fields with the version it edited', async () => {
    const item = anItem({ id: 'a', name: 'Tips', version: 4 });
    const { http, byTestId, type, close } = await render(item);
    type('item-form-name', 'Pipette tips');
    byTestId('item-form-submit')?.click();
    const request = http.expectOne('/api/items/a');
    expect(request.request.method).toBe('PATCH');
    expect(request.request.body).toEqual({ name: 'Pipette tips' });
    expect(request.request.headers.get('If-Match')).toBe('4');
    request.flush({ ...item, name: 'Pipette tips', version: 5 });
    expect(close).toHaveBeenCalledWith(expect.objectContaining({ version: 5 }));
  });

  it('sends a barcode typed in, clears one whose field is emptied, and shows a check-digit refusal under the field', async () => {
    const item = anItem({ id: 'a', barcode: '4006381333931', version: 2 });
    const { http, fixture, byTestId, type } = await render(item);
    type('item-form-barcode', '  ');
    byTestId('item-form-submit')?.click();
    const cleared = http.expectOne('/api/items/a');
    expect(cleared.request.body).toEqual({ barcode: null });
    cleared.flush(
      {
        type: '/problems/validation',
        title: 'The request is not valid',
        status: 400,
        detail: 'barcode "4006381333932" is not a valid EAN-13: its check digit should be 1',
        errors: [{ field: 'barcode', message: 'is not a valid EAN-13: its check digit should be 1' }],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await fixture.whenStable();
    const errors = [...(fixture.nativeElement as HTMLElement).querySelectorAll('mat-error')].map((e) => e.textContent.trim());
    expect(errors).toEqual(['is not a valid EAN-13: its check digit should be 1']);
    type('item-form-barcode', '96385074');
    byTestId('item-form-submit')?.click();
    expect(http.expectOne('/api/items/a').request.body).toEqual({ barcode: '96385074' });
  });

  it('shows a stale save at the top with their values beside mine, and saves my changes over theirs once reloaded', async () => {
    const item = anItem({ id: 'a', name: 'Tips', unit: 'box', version: 4 });
    const { http, fixture, byTestId, type, close } = await render(item);
    type('item-form-name', 'Pipette tips');
    byTestId('item-form-submit')?.click();
    http
      .expectOne('/api/items/a')
      .flush(
        { type: '/problems/conflict', title: 'Conflict', status: 409, detail: 'the item is at version 5, not 4', currentVersion: 5 },
        { status: 409, statusText: 'Conflict' },
      );
    http.expectOne({ method: 'GET', url: '/api/items/a' }).flush({ ...item, name: 'Tips 200', unit: 'rack', version: 5 });
    await fixture.whenStable();
    const conflict = byTestId('item-form-conflict');
    expect(conflict?.getAttribute('role')).toBe('alert');
    expect(conflict?.compareDocumentPosition(byTestId('item-form-sku')!)).toBe(Node.DOCUMENT_POSITION_FOLLOWING);
    const cells = (field: string) =>
      [...(byTestId(`item-form-conflict-${field}`)?.querySelectorAll('td') ?? [])].map((cell) => cell.textContent.trim());
    expect(cells('name')).toEqual(['Tips 200', 'Pipette tips']);
    expect(cells('unit')).toEqual(['rack', 'box']);
    expect(byTestId('item-form-conflict-sku')).toBeNull();

    byTestId('item-form-reapply')?.click();
    await fixture.whenStable();
    expect(byTestId('item-form-conflict')).toBeNull();
    expect((byTestId('item-form-unit') as HTMLInputElement).value).toBe('rack');
    expect((byTestId('item-form-name') as HTMLInputElement).value).toBe('Pipette tips');
    byTestId('item-form-submit')?.click();
    const retried = http.expectOne('/api/items/a');
    expect(retried.request.body).toEqual({ name: 'Pipette tips' });
    expect(retried.request.headers.get('If-Match')).toBe('5');
    retried.flush({ ...item, name: 'Pipette tips', unit: 'rack', version: 6 });
    expect(close).toHaveBeenCalledWith(expect.objectContaining({ version: 6 }));
  });

  it('finds no changes when the fields are as they were', () => {
    const item = anItem();
    expect(changedFields(item, { ...item })).toEqual({});
  });
});
