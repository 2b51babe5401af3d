import { TestBed } from '@angular/core/testing';
import { liveTestBed } from '../../../testing/live-test-bed';
import { ReportsStore, endOfDay } from './reports-store';

const valuation = (value: number) => ({ at: '2026-11-30T23:59:59.999Z', locationId: null, units: 1, value, unpriced: 0, locations: [] });

describe('ReportsStore', () => {
  beforeEach(() => localStorage.clear());

  it('values the stock at the end of the chosen local day, at the chosen location', () => {
    const bed = liveTestBed('manager', [ReportsStore]);
    const store = TestBed.inject(ReportsStore);
    store.valuationDay.set('2026-11-30');
    store.valuationLocation.set('loc-1');
    store.loadValuation();
    const request = bed.http.expectOne((req) => req.url === '/api/reports/valuation');
    expect(request.request.params.get('at')).toBe(new Date(2026, 10, 30, 23, 59, 59, 999).toISOString());
    expect(request.request.params.get('locationId')).toBe('loc-1');
    request.flush(valuation(12.5));
    expect(store.valuation.value()?.value).toBe(12.5);
    expect(store.valuation.state.loaded()).toBe(true);
    bed.http.verify();
  });

  it('keeps the answer of the latest request when an earlier one arrives after it', () => {
    const bed = liveTestBed('manager', [ReportsStore]);
    const store = TestBed.inject(ReportsStore);
    store.loadValuation();
    store.valuationLocation.set('loc-2');
    store.loadValuation();
    const [first, second] = bed.http.match((req) => req.url === '/api/reports/valuation');
    second?.flush(valuation(2));
    first?.flush(valuation(1));
    expect(store.valuation.value()?.value).toBe(2);
  });

  it('asks for every location without a locationId, and for the activity by the chosen bucket', () => {
    const bed = liveTestBed('manager', [ReportsStore]);
    const store = TestBed.inject(ReportsStore);
    store.loadValuation();
    expect(bed.http.expectOne((req) => req.url === '/api/reports/valuation').request.params.has('locationId')).toBe(false);
    store.activityBucket.set('week');
    store.loadActivity();
    expect(bed.http.expectOne((req) => req.url === '/api/reports/activity').request.params.get('bucket')).toBe('week');
  });

  it('says why a download failed', () => {
    const bed = liveTestBed('manager', [ReportsStore]);
    const store = TestBed.inject(ReportsStore);
    store.download('reorder');
    const request = bed.http.expectOne((req) => req.url === '/api/reports/reorder');
    expect(request.request.params.get('format')).toBe('csv');
    request.flush(new Blob([JSON.stringify({ type: '/problems/forbidden', title: 'Forbidden', status: 403, detail: 'Managers only' })]), {
      status: 403,
      statusText: 'Forbidden',
    });
    expect(store.downloadError()).not.toBeNull();
  });

  it('reads a day as its last local moment', () => {
    expect(endOfDay('2026-01-01')).toBe(new Date(2026, 0, 1, 23, 59, 59, 999).toISOString());
  });
});
