import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { storeSession } from '../../../testing/session';
import { AuthStore } from './auth-store';
import { authInterceptor } from './auth.interceptor';

describe('authInterceptor', () => {
  const setup = () => {
    TestBed.configureTestingModule({
      providers: [provideRouter([]), provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting()],
    });
    return {
      http: TestBed.inject(HttpClient),
      backend: TestBed.inject(HttpTestingController),
      auth: TestBed.inject(AuthStore),
      router: TestBed.inject(Router),
    };
  };

  beforeEach(() => localStorage.clear());

  it('adds the bearer token to API calls', () => {
    storeSession('staff', 'token-5');
    const { http, backend } = setup();
    http.get('/api/items').subscribe();
    expect(backend.expectOne('/api/items').request.headers.get('Authorization')).toBe('Bearer token-5');
  });

  it('sends no token to other origins or paths', () => {
    storeSession('staff', 'token-5');
    const { http, backend } = setup();
    http.get('https://elsewhere.example/api/items').subscribe();
    expect(backend.expectOne('https://elsewhere.example/api/items').request.headers.has('Authorization')).toBe(false);
  });

  const unauthorized = { status: 401, statusText: 'Unauthorized' };
  const renewed = { accessToken: 'token-new', user: { id: 'sam-id', username: 'sam', email: 'sam@example.test', role: 'staff' } };

  it('renews an expired access token and sends the call once more with the new one', () => {
    storeSession('staff', 'token-old');
    const { http, backend, auth } = setup();
    const answer = vi.fn();
    http.post('/api/items', { name: 'half-filled' }).subscribe(answer);
    backend.expectOne('/api/items').flush({ title: 'Not signed in', status: 401 }, unauthorized);
    backend.expectOne('/api/auth/refresh').flush(renewed);
    const retried = backend.expectOne('/api/items');
    expect(retried.request.headers.get('Authorization')).toBe('Bearer token-new');
    expect(retried.request.body).toEqual({ name: 'half-filled' });
    retried.flush({ id: 'item-1' });
    expect(answer).toHaveBeenCalledWith({ id: 'item-1' });
    expect(auth.signedIn()).toBe(true);
  });

  it('shares one renewal among the calls that fail together', () => {
    storeSession('staff', 'token-old');
    const { http, backend } = setup();
    http.get('/api/items').subscribe();
    http.get('/api/alerts').subscribe();
    backend.expectOne('/api/items').flush({}, unauthorized);
    backend.expectOne('/api/alerts').flush({}, unauthorized);
    backend.expectOne('/api/auth/refresh').flush(renewed);
    expect(backend.expectOne('/api/items').request.headers.get('Authorization')).toBe('Bearer token-new');
    expect(backend.expectOne('/api/alerts').request.headers.get('Authorization')).toBe('Bearer token-new');
  });

  it('sends a call again only once: a second 401 is the answer', () => {
    storeSession('staff', 'token-old');
    const { http, backend } = setup();
    const failed = vi.fn();
    http.get('/api/items').subscribe({ error: failed });
    backend.expectOne('/api/items').flush({}, unauthorized);
    backend.expectOne('/api/auth/refresh').flush(renewed);
    backend.expectOne('/api/items').flush({}, unauthorized);
    backend.expectNone('/api/auth/refresh');
    expect(failed).toHaveBeenCalledWith(expect.objectContaining({ status: 401 }));
  });

  it('ends the session and goes to the sign-in page when the renewal is refused', () => {
    storeSession('staff');
    const { http, backend, auth, router } = setup();
    const navigate = vi.spyOn(router, 'navigate').mockResolvedValue(true);
    http.get('/api/items').subscribe({ error: () => undefined });
    backend.expectOne('/api/items').flush({ title: 'Not signed in', status: 401 }, unauthorized);
    backend.expectOne('/api/auth/refresh').flush({ status: 401 }, unauthorized);
    expect(auth.signedIn()).toBe(false);
    expect(navigate).toHaveBeenCalledWith(['/sign-in'], expect.anything());
  });

  it('keeps the session when the renewal fails for another reason than a refusal', () => {
    storeSession('staff');
    const { http, backend, auth } = setup();
    const failed = vi.fn();
    http.get('/api/items').subscribe({ error: failed });
    backend.expectOne('/api/items').flush({}, unauthorized);
    backend.expectOne('/api/auth/refresh').flush({ status: 503 }, { status: 503, statusText: 'Service Unavailable' });
    expect(auth.signedIn()).toBe(true);
    expect(failed).toHaveBeenCalledWith(expect.objectContaining({ status: 503 }));
  });

  it('keeps the session when a sign-in attempt is refused', () => {
    storeSession('staff');
    const { http, backend, auth } = setup();
    http.post('/api/auth/login', {}).subscribe({ error: () => undefined });
    backend.expectOne('/api/auth/login').flush({}, { status: 401, statusText: 'Unauthorized' });
    backend.expectNone('/api/auth/refresh');
    expect(auth.signedIn()).toBe(true);
  });
});
