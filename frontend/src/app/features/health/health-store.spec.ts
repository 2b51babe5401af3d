import { TestBed } from '@angular/core/testing';
import { liveTestBed } from '../../../testing/live-test-bed';
import { HealthStore, SERVICES_EVERY_MS, TAIL_LINES } from './health-store';

const line = (message: string, stream: 'stdout' | 'stderr' = 'stdout') => ({ timestamp: '2026-11-30T10:00:00Z', stream, message });

describe('HealthStore', () => {
  beforeEach(() => {
    localStorage.clear();
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('reads the last log lines of every service and container with each services poll', () => {
    const bed = liveTestBed('manager', [HealthStore]);
    const store = TestBed.inject(HealthStore);
    vi.advanceTimersByTime(0);
    bed.http.expectOne('/api/health/system').flush({});
    bed.http.expectOne('/api/health/services').flush({
      available: true,
      engineVersion: '27.0',
      stack: 'ims',
      swarmManager: true,
      services: [{ name: 'ims_api', image: 'ims-api', mode: 'replicated', replicas: { running: 2, desired: 2 }, tasks: [] }],
      containers: [{ name: 'ims-db-1', image: 'postgres:17', state: 'running', status: 'Up 2 hours' }],
    });
    const api = bed.http.expectOne((r) => r.url === '/api/health/services/ims_api/logs');
    expect(api.request.params.get('tail')).toBe(String(TAIL_LINES));
    api.flush({ available: true, name: 'ims_api', kind: 'service', lines: [line('listening'), line('boom', 'stderr')] });
    bed.http.expectOne((r) => r.url === '/api/health/services/ims-db-1/logs').flush('gone', { status: 404, statusText: 'Not Found' });
    expect(
      store
        .tails()
        .get('ims_api')
        ?.map((l) => l.message),
    ).toEqual(['listening', 'boom']);
    expect(store.tails().get('ims-db-1')).toEqual([]);

    vi.advanceTimersByTime(SERVICES_EVERY_MS);
    bed.http.expectOne('/api/health/services').flush({ available: false, reason: 'no Docker socket' });
    expect(store.tails().size).toBe(0);
  });
});
