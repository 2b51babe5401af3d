import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { storeSession } from '../../../testing/session';
import { AuthStore } from '../auth/auth-store';
import { authInterceptor } from '../auth/auth.interceptor';
import { reachabilityInterceptor } from './reachability.interceptor';
import { ServerReachability } from './server-reachability';

const databaseUnreachable = {
  type: '/problems/service-unavailable',
  title: 'Database unreachable',
  status: 503,
  detail: 'The database cannot be reached right now; try again shortly',
};
const OUTAGE = { status: 503, statusText: 'Service Unavailable', headers: { 'Retry-After': '3' } };

describe('reachabilityInterceptor', () => {
  const setup = () => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(withInterceptors([authInterceptor, reachabilityInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    return {
      http: TestBed.inject(HttpClient),
      backend: TestBed.inject(HttpTestingController),
      auth: TestBed.inject(AuthStore),
      router: TestBed.inject(Router),
      reachability: TestBed.inject(ServerReachability),
    };
  };

  beforeEach(() => {
    localStorage.clear();
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('keeps the session through 503 service-unavailable, asks readiness after Retry-After, and sends the read again once the database answers', () => {
    storeSession('staff');
    const { http, backend, auth, router, reachability } = setup();
    const navigate = vi.spyOn(router, 'navigate');
    const answers: unknown[] = [];
    http.get('/api/items').subscribe((body) => answers.push(body));

    backend.expectOne('/api/items').flush(databaseUnreachable, OUTAGE);
    expect(reachability.unreachable()).toBe(true);
    expect(auth.signedIn()).toBe(true);
    expect(navigate).not.toHaveBeenCalled();

    vi.advanceTimersByTime(2_999);
    backend.expectNone('/api/health');
    vi.advanceTimersByTime(1);
    backend.expectOne('/api/health').flush({ down: ['database', 'projectors'] }, { status: 503, statusText: 'Service Unavailable' });
    backend.expectNone('/api/items');
    vi.advanceTimersByTime(3_000);
    backend.expectOne('/api/health').error(new ProgressEvent('error'));
    vi.advanceTimersByTime(3_000);
    backend.expectOne('/api/health').flush({ down: ['projectors'] }, { status: 503, statusText: 'Service Unavailable' });

    expect(reachability.unreachable()).toBe(false);
    const again = backend.expectOne('/api/items');
    expect(again.request.headers.get('Authorization')).toBe('Bearer token-1');
    again.flush({ items: [] });
    expect(answers).toEqual([{ items: [] }]);
    expect(auth.signedIn()).toBe(true);
  });

  it('treats a request that reaches no server as an outage too', () => {
    storeSession('staff');
    const { http, backend, reachability } = setup();
    http.get('/api/auth/me').subscribe();
    backend.expectOne('/api/auth/me').error(new ProgressEvent('error'));
    expect(reachability.unreachable()).toBe(true);
    vi.advanceTimersByTime(2_000);
    backend.expectOne('/api/health').flush({ status: 'ok' });
    expect(reachability.unreachable()).toBe(false);
    backend.expectOne('/api/auth/me');
  });

  it('lets a write fail with its reason instead of sending it again', () => {
    storeSession('staff');
    const { http, backend, auth, reachability } = setup();
    const failures: unknown[] = [];
    http.post('/api/stock-movements', {}).subscribe({ error: (error: unknown) => failures.push(error) });
    backend.expectOne('/api/stock-movements').flush(databaseUnreachable, OUTAGE);
    expect(failures).toHaveLength(1);
    expect(reachability.unreachable()).toBe(true);
    expect(auth.signedIn()).toBe(true);
  });

  it('leaves other 503s to the caller: a read model not yet caught up is no outage', () => {
    storeSession('staff');
    const { http, backend, reachability } = setup();
    const failures: unknown[] = [];
    http.get('/api/users').subscribe({ error: (error: unknown) => failures.push(error) });
    backend
      .expectOne('/api/users')
      .flush(
        { type: '/problems/unavailable', title: 'Service unavailable', status: 503, detail: 'not yet visible' },
        { status: 503, statusText: 'Service Unavailable' },
      );
    expect(failures).toHaveLength(1);
    expect(reachability.unreachable()).toBe(false);
    vi.advanceTimersByTime(10_000);
    backend.expectNone('/api/health');
  });
});
