import { TestBed } from '@angular/core/testing';
import { liveTestBed } from '../../../testing/live-test-bed';
import { HealthStore, REFRESH_EVERY_MS, TAIL_LINES } from './health-store';

const line = (message: string, stream: 'stdout' | 'stderr' = 'stdout') => ({ timestamp: '2026-11-30T10:00:00Z', stream, message });

const NO_DOCKER = { available: false, reason: 'no Docker socket' };
const resources = (samples: number) => ({
  sampledEverySeconds: 10,
  historySeconds: 3600,
  host: { available: true, reason: null, samples: Array.from({ length: samples }, () => ({})) },
  containers: { available: false, reason: 'no Docker socket', items: [] },
});

type Bed = ReturnType<typeof liveTestBed>;

function answerAll(bed: Bed, samples = 1): void {
  bed.http.expectOne('/api/health/system').flush({});
  bed.http.expectOne('/api/health/resources').flush(resources(samples));
  bed.http.expectOne('/api/health/services').flush(NO_DOCKER);
}

describe('HealthStore', () => {
  beforeEach(() => {
    localStorage.clear();
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('reads the system figures, the resource history and the services at once, then every 30 s', () => {
    const bed = liveTestBed('manager', [HealthStore]);
    const store = TestBed.inject(HealthStore);
    vi.advanceTimersByTime(0);
    expect(store.refreshedAt()).toBeNull();
    answerAll(bed, 1);
    expect(store.resources()?.host.samples).toHaveLength(1);
    expect(store.refreshedAt()).not.toBeNull();

    vi.advanceTimersByTime(REFRESH_EVERY_MS - 1);
    bed.http.expectNone('/api/health/resources');
    vi.advanceTimersByTime(1);
    answerAll(bed, 2);
    expect(store.resources()?.host.samples).toHaveLength(2);
    bed.http.verify();
  });

  it('refreshes at once when asked, and counts the next 30 s from then', () => {
    const bed = liveTestBed('manager', [HealthStore]);
    const store = TestBed.inject(HealthStore);
    vi.advanceTimersByTime(0);
    answerAll(bed);
    vi.advanceTimersByTime(20_000);
    store.refresh();
    vi.advanceTimersByTime(0);
    answerAll(bed, 3);
    expect(store.resources()?.host.samples).toHaveLength(3);
    vi.advanceTimersByTime(REFRESH_EVERY_MS - 1);
    bed.http.expectNone('/api/health/system');
    vi.advanceTimersByTime(1);
    answerAll(bed);
    bed.http.verify();
  });

  it('keeps the last history shown with the error when a refresh fails, until one succeeds', () => {
    const bed = liveTestBed('manager', [HealthStore]);
    const store = TestBed.inject(HealthStore);
    vi.advanceTimersByTime(0);
    answerAll(bed, 2);
    vi.advanceTimersByTime(REFRESH_EVERY_MS);
    bed.http.expectOne('/api/health/system').flush({});
    bed.http
      .expectOne('/api/health/resources')
      .flush(
        { type: '/problems/unavailable', title: 'Unavailable', status: 503, detail: 'the API is restarting' },
        { status: 503, statusText: 'Unavailable' },
      );
    bed.http.expectOne('/api/health/services').flush(NO_DOCKER);
    expect(store.resourcesState.error()).toBe('the API is restarting');
    expect(store.resourcesState.loaded()).toBe(true);
    expect(store.resources()?.host.samples).toHaveLength(2);
    store.refresh();
    vi.advanceTimersByTime(0);
    answerAll(bed, 3);
    expect(store.resourcesState.error()).toBeNull();
  });

  it('reads the last log lines of every service and container with each refresh', () => {
    const bed = liveTestBed('manager', [HealthStore]);
    const store = TestBed.inject(HealthStore);
    vi.advanceTimersByTime(0);
    bed.http.expectOne('/api/health/system').flush({});
    bed.http.expectOne('/api/health/resources').flush(resources(1));
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

    vi.advanceTimersByTime(REFRESH_EVERY_MS);
    answerAll(bed);
    expect(store.tails().size).toBe(0);
  });
});
