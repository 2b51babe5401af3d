import { TestBed } from '@angular/core/testing';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import { liveTestBed } from '../../../testing/live-test-bed';
import { anItem } from '../../../testing/session';
import { LocationThresholdDialog, type LocationThresholdData } from './location-threshold-dialog';

const VAN = '0c0c0c0c-0000-4000-8000-000000000001';
const SHELF = '0c0c0c0c-0000-4000-8000-000000000002';
const item = { ...anItem({ id: 'a', sku: 'A-100', version: 7 }), locations: [], lastCountedAt: null };

describe('LocationThresholdDialog', () => {
  const render = async (data: LocationThresholdData) => {
    const close = vi.fn();
    const bed = liveTestBed('manager', [
      { provide: MatDialogRef, useValue: { close } },
      { provide: MAT_DIALOG_DATA, useValue: data },
    ]);
    const fixture = TestBed.createComponent(LocationThresholdDialog);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    const byTestId = (id: string) => element.querySelector<HTMLElement>(`[data-testid="${id}"]`);
    const fill = (id: string, value: string) => {
      const field = byTestId(id);
      if (!(field instanceof HTMLInputElement || field instanceof HTMLSelectElement)) throw new Error(`no ${id}`);
      field.value = value;
      field.dispatchEvent(new Event(field instanceof HTMLSelectElement ? 'change' : 'input'));
    };
    const save = async () => {
      byTestId('threshold-save')?.click();
      await fixture.whenStable();
    };
    return { ...bed, fixture, byTestId, fill, save, close };
  };

  beforeEach(() => localStorage.clear());

  it('sets the threshold at the location chosen with the version shown, and closes with the item', async () => {
    const choices = [
      { id: VAN, code: 'VAN', name: 'Van', archived: false },
      { id: SHELF, code: 'SHELF', name: 'Shelf', archived: false },
    ];
    const { http, fill, save, close } = await render({ item, choices });
    fill('threshold-location', SHELF);
    fill('threshold-value', '4');
    await save();
    const request = http.expectOne(`/api/items/a/locations/${SHELF}`);
    expect([request.request.method, request.request.body, request.request.headers.get('If-Match')]).toEqual([
      'PUT',
      { lowStockThreshold: 4 },
      '7',
    ]);
    const answer = { ...anItem({ id: 'a', version: 8 }), position: 30 };
    request.flush(answer);
    expect(close).toHaveBeenCalledWith(answer);
  });

  it('removes the threshold when the field is emptied, and refuses what is not a whole number without sending', async () => {
    const { http, fixture, fill, save } = await render({ item, location: { id: VAN, code: 'VAN', threshold: 3 }, choices: [] });
    fill('threshold-value', '2.5');
    await save();
    http.expectNone(`/api/items/a/locations/${VAN}`);
    const errors = [...(fixture.nativeElement as HTMLElement).querySelectorAll('mat-error')].map((e) => e.textContent.trim());
    expect(errors).toEqual(['Not in the expected form']);
    fill('threshold-value', '');
    await save();
    expect(http.expectOne(`/api/items/a/locations/${VAN}`).request.body).toEqual({ lowStockThreshold: null });
  });

  it('says plainly that someone changed the item meanwhile, and stays open', async () => {
    const { http, fixture, fill, save, byTestId, close } = await render({
      item,
      location: { id: VAN, code: 'VAN', threshold: null },
      choices: [],
    });
    fill('threshold-value', '2');
    await save();
    http
      .expectOne(`/api/items/a/locations/${VAN}`)
      .flush(
        { type: '/problems/conflict', title: 'Conflict', status: 409, detail: 'stale', currentVersion: 9 },
        { status: 409, statusText: 'Conflict' },
      );
    await fixture.whenStable();
    expect(byTestId('threshold-error')?.textContent).toContain('Someone changed this item meanwhile');
    expect(close).not.toHaveBeenCalled();
  });
});
