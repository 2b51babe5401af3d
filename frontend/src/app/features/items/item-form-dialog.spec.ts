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

  it('finds no changes when the fields are as they were', () => {
    const item = anItem();
    expect(changedFields(item, { ...item })).toEqual({});
  });
});
