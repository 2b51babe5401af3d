import { TestBed } from '@angular/core/testing';
import { liveTestBed } from '../../../testing/live-test-bed';
import { REPORT_REFRESH_MS, ReportsStore, endOfDay } from './reports-store';

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

  describe('live', () => {
    beforeEach(() => vi.useFakeTimers());
    afterEach(() => vi.useRealTimers());

    it('asks the opened reports again once a burst of colleagues’ movements settles, with the question on screen', () => {
      const bed = liveTestBed('manager', [ReportsStore]);
      const store = TestBed.inject(ReportsStore);
      store.valuationLocation.set('loc-1');
      store.loadValuation();
      bed.http.expectOne((req) => req.url === '/api/reports/valuation').flush(valuation(1));
      store.valuationLocation.set('loc-2');

      for (let position = 10; position < 15; position++) {
        bed.push({ type: 'stock.moved', position, data: { movement: { at: new Date().toISOString() }, item: {} } });
      }
      bed.http.expectNone((req) => req.url.startsWith('/api/reports/'));
      vi.advanceTimersByTime(REPORT_REFRESH_MS);

      const again = bed.http.expectOne((req) => req.url === '/api/reports/valuation');
      expect(again.request.params.get('locationId')).toBe('loc-1');
      again.flush(valuation(7));
      expect(store.valuation.value()?.value).toBe(7);
      bed.http.expectNone((req) => req.url === '/api/reports/reorder' || req.url === '/api/reports/activity');
      bed.http.verify();
    });

    it('asks nothing while no report is open', () => {
      const bed = liveTestBed('manager', [ReportsStore]);
      TestBed.inject(ReportsStore);
      bed.push({ type: 'item.updated', position: 3, data: {} });
      vi.advanceTimersByTime(REPORT_REFRESH_MS);
      bed.http.verify();
    });
  });

  it('reads a day as its last local moment', () => {
    expect(endOfDay('2026-01-01')).toBe(new Date(2026, 0, 1, 23, 59, 59, 999).toISOString());
  });
});
