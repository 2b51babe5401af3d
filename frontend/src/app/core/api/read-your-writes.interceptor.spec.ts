import { HttpClient, HttpContext, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { READS_READ_MODELS, readYourWritesInterceptor } from './read-your-writes.interceptor';

describe('readYourWritesInterceptor', () => {
  const setup = () => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(withInterceptors([readYourWritesInterceptor])), provideHttpClientTesting()],
    });
    return { http: TestBed.inject(HttpClient), backend: TestBed.inject(HttpTestingController) };
  };

  const write = (http: HttpClient, backend: HttpTestingController, method: 'POST' | 'PATCH' | 'DELETE', position: string) => {
    http.request(method, '/api/items', { body: {} }).subscribe();
    backend.expectOne({ method, url: '/api/items' }).flush({}, { headers: { 'X-Position': position } });
  };

  const minPositionOf = (http: HttpClient, backend: HttpTestingController, url = '/api/items') => {
    http.get(url).subscribe();
    return backend.expectOne(url).request.headers.get('X-Min-Position');
  };

  beforeEach(() => sessionStorage.clear());

  it('sends no X-Min-Position before any write', () => {
    const { http, backend } = setup();
    expect(minPositionOf(http, backend)).toBeNull();
  });

  it('sends the position a write answered on every read that follows', () => {
    const { http, backend } = setup();
    write(http, backend, 'POST', '42');
    expect(minPositionOf(http, backend)).toBe('42');
    expect(minPositionOf(http, backend, '/api/items/abc/history')).toBe('42');
    expect(minPositionOf(http, backend, '/api/users')).toBe('42');
  });

  it('keeps the highest position any write answered', () => {
    const { http, backend } = setup();
    write(http, backend, 'PATCH', '57');
    write(http, backend, 'DELETE', '50');
    expect(minPositionOf(http, backend)).toBe('57');
  });

  it('remembers the position across a reload of the tab', () => {
    const before = setup();
    write(before.http, before.backend, 'POST', '31');
    TestBed.resetTestingModule();
    const { http, backend } = setup();
    expect(minPositionOf(http, backend)).toBe('31');
  });

  it('ignores a missing or malformed X-Position and other origins', () => {
    const { http, backend } = setup();
    write(http, backend, 'POST', 'soon');
    http.post('/api/auth/login', {}).subscribe();
    backend.expectOne('/api/auth/login').flush({});
    expect(minPositionOf(http, backend)).toBeNull();
    write(http, backend, 'POST', '7');
    expect(minPositionOf(http, backend, 'https://elsewhere.example/api/items')).toBeNull();
  });

  it('sends it on a write that reads the read models (an import preview), and on no other write', () => {
    const { http, backend } = setup();
    write(http, backend, 'POST', '12');
    http.post('/api/imports', {}, { context: new HttpContext().set(READS_READ_MODELS, true) }).subscribe();
    expect(backend.expectOne('/api/imports').request.headers.get('X-Min-Position')).toBe('12');
    http.post('/api/locations', {}).subscribe();
    expect(backend.expectOne('/api/locations').request.headers.get('X-Min-Position')).toBeNull();
  });
});
