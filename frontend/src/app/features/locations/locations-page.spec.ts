import { TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { liveTestBed } from '../../../testing/live-test-bed';
import type { StockLocation } from '../../core/api/models';
import { MAIN_LOCATION_ID } from '../../core/locations/locations-store';
import { LocationsPage } from './locations-page';

const main: StockLocation = { id: MAIN_LOCATION_ID, code: 'MAIN', name: 'Main location', archived: false };
const van: StockLocation = { id: 'van-id', code: 'VAN-1', name: 'Van one', archived: false };
const old: StockLocation = { id: 'old-id', code: 'OLD', name: 'Closed shelf', archived: true };

describe('LocationsPage', () => {
  beforeEach(() => localStorage.clear());

  const render = async () => {
    const bed = liveTestBed('manager', [{ provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } }]);
    const fixture = TestBed.createComponent(LocationsPage);
    fixture.detectChanges();
    bed.http.expectOne('/api/locations').flush([main, van, old]);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    const byTestId = (id: string) => element.querySelector<HTMLElement>(`[data-testid="${id}"]`);
    const fill = (id: string, value: string) => {
      const input = byTestId(id) as HTMLInputElement;
      input.value = value;
      input.dispatchEvent(new Event('input'));
    };
    const dialogButton = (id: string) => {
      const button = document.querySelector<HTMLButtonElement>(`[data-testid="${id}"]`);
      if (!button) throw new Error(`no ${id} in the dialog`);
      return button;
    };
    const rows = () => Array.from(element.querySelectorAll('tbody tr')).map((row) => row.getAttribute('data-testid'));
    return { ...bed, fixture, byTestId, fill, dialogButton, rows };
  };

  it('lists the active locations, the archived ones on asking, and offers no archiving of the main one', async () => {
    const { fixture, byTestId, rows } = await render();
    expect(rows()).toEqual(['location-row-MAIN', 'location-row-VAN-1']);
    expect(byTestId('location-status-MAIN')?.textContent).toContain('cannot be archived');
    expect(byTestId('location-archive-MAIN')).toBeNull();
    expect(byTestId('location-archive-VAN-1')).not.toBeNull();
    byTestId('locations-view-all')?.querySelector('button')?.click();
    fixture.detectChanges();
    expect(rows()).toEqual(['location-row-MAIN', 'location-row-OLD', 'location-row-VAN-1']);
    expect(byTestId('location-status-OLD')?.textContent.trim()).toBe('archived');
  });

  it('shows a taken code on the code field', async () => {
    const { fixture, byTestId, fill, http } = await render();
    fill('location-form-code', 'van-1');
    fill('location-form-name', 'Second van');
    byTestId('location-form-submit')?.click();
    const request = http.expectOne((r) => r.method === 'POST' && r.url === '/api/locations');
    expect(request.request.body).toEqual({ code: 'van-1', name: 'Second van' });
    request.flush(
      {
        type: '/problems/conflict',
        title: 'Conflict',
        status: 409,
        detail: 'A location with code VAN-1 already exists',
        errors: [{ field: 'code', message: 'is already taken' }],
      },
      { status: 409, statusText: 'Conflict' },
    );
    await fixture.whenStable();
    expect(byTestId('location-form-error')).toBeNull();
    expect((fixture.nativeElement as HTMLElement).querySelector('mat-error')?.textContent).toContain('is already taken');
  });

  it('renames in the row', async () => {
    const { fixture, byTestId, fill, http } = await render();
    byTestId('location-rename-VAN-1')?.click();
    fixture.detectChanges();
    fill('location-edit-name', 'Blue van');
    byTestId('location-edit-save')?.click();
    const request = http.expectOne((r) => r.method === 'PATCH' && r.url === '/api/locations/van-id');
    expect(request.request.body).toEqual({ code: 'VAN-1', name: 'Blue van' });
    request.flush({ ...van, name: 'Blue van', position: 40 });
    await fixture.whenStable();
    expect(byTestId('location-edit-name')).toBeNull();
    expect(byTestId('location-name-VAN-1')?.textContent).toBe('Blue van');
  });

  it('asks before archiving, naming the location, and says plainly how much stock keeps it', async () => {
    const { fixture, byTestId, dialogButton, http } = await render();
    byTestId('location-archive-VAN-1')?.click();
    await fixture.whenStable();
    expect(document.querySelector('mat-dialog-content')?.textContent).toContain('Archive VAN-1 (Van one)?');
    dialogButton('confirm-yes').click();
    await fixture.whenStable();
    http
      .expectOne((r) => r.method === 'DELETE' && r.url === '/api/locations/van-id')
      .flush(
        { type: '/problems/conflict', title: 'Conflict', status: 409, detail: 'location van-id still holds 3 units', unitsHeld: 3 },
        { status: 409, statusText: 'Conflict' },
      );
    await fixture.whenStable();
    expect(byTestId('locations-action-error')?.textContent).toBe(
      'VAN-1 still holds 3 units: move them to another location, then archive it.',
    );
    expect(byTestId('location-status-VAN-1')?.textContent.trim()).toBe('active');
  });

  it('shows a location another tab created, renamed or archived', async () => {
    const { fixture, byTestId, push, rows } = await render();
    push({ type: 'location.changed', position: 50, data: { id: 'shelf-id', code: 'SHELF-2', name: 'Shelf two', archived: false } });
    push({ type: 'location.changed', position: 51, data: { ...van, name: 'Red van' } });
    fixture.detectChanges();
    expect(rows()).toEqual(['location-row-MAIN', 'location-row-SHELF-2', 'location-row-VAN-1']);
    expect(byTestId('location-name-VAN-1')?.textContent).toBe('Red van');
    push({ type: 'location.changed', position: 52, data: { ...van, name: 'Red van', archived: true } });
    // An older change arriving late changes nothing.
    push({ type: 'location.changed', position: 51, data: { ...van, name: 'Red van' } });
    fixture.detectChanges();
    expect(rows()).toEqual(['location-row-MAIN', 'location-row-SHELF-2']);
  });
});
