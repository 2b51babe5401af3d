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

  it('ends the session and goes to the sign-in page when the API answers 401', () => {
    storeSession('staff');
    const { http, backend, auth, router } = setup();
    const navigate = vi.spyOn(router, 'navigate').mockResolvedValue(true);
    http.get('/api/items').subscribe({ error: () => undefined });
    backend.expectOne('/api/items').flush({ title: 'Not signed in', status: 401 }, { status: 401, statusText: 'Unauthorized' });
    expect(auth.signedIn()).toBe(false);
    expect(navigate).toHaveBeenCalledWith(['/sign-in'], expect.anything());
  });

  it('keeps the session when a sign-in attempt is refused', () => {
    storeSession('staff');
    const { http, backend, auth } = setup();
    http.post('/api/auth/login', {}).subscribe({ error: () => undefined });
    backend.expectOne('/api/auth/login').flush({}, { status: 401, statusText: 'Unauthorized' });
    expect(auth.signedIn()).toBe(true);
  });
});
