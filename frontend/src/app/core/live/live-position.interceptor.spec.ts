import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { FakeLiveServer } from '../../../testing/fake-live-socket';
import { LiveBus } from './live-bus';
import { livePositionInterceptor } from './live-position.interceptor';

describe('livePositionInterceptor', () => {
  const setup = () => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(withInterceptors([livePositionInterceptor])),
        provideHttpClientTesting(),
        new FakeLiveServer().provider(),
      ],
    });
    const readAt = vi.spyOn(TestBed.inject(LiveBus), 'readAt').mockImplementation(() => undefined);
    return { http: TestBed.inject(HttpClient), backend: TestBed.inject(HttpTestingController), readAt };
  };

  it('reports the live position and epoch an API read answered to the bus', () => {
    const { http, backend, readAt } = setup();
    http.get('/api/items').subscribe();
    backend.expectOne('/api/items').flush([], { headers: { 'X-Live-Position': '42', 'X-Live-Epoch': 'e1' } });
    expect(readAt).toHaveBeenCalledWith({ after: 42, epoch: 'e1' });
  });

  it('ignores writes, answers without a position and positions that are not one', () => {
    const { http, backend, readAt } = setup();
    http.post('/api/items', {}).subscribe();
    backend.expectOne('/api/items').flush({}, { headers: { 'X-Live-Position': '42' } });
    http.get('/api/alerts').subscribe();
    backend.expectOne('/api/alerts').flush([]);
    http.get('/api/users').subscribe();
    backend.expectOne('/api/users').flush([], { headers: { 'X-Live-Position': '4e2' } });
    expect(readAt).not.toHaveBeenCalled();
  });
});
