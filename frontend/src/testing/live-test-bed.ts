import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import type { Provider } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { LiveBus } from '../app/core/live/live-bus';
import type { LiveMessage } from '../app/core/live/live-messages';
import { FakeLiveServer } from './fake-live-socket';
import { storeSession } from './session';
import type { Role } from '../app/core/api/models';

/**
 * A signed-in TestBed whose HTTP calls the test answers and whose live socket is open:
 * `push` delivers a server message the way the WebSocket would.
 */
export function liveTestBed(role: Role, providers: Provider[] = []) {
  storeSession(role);
  const server = new FakeLiveServer();
  TestBed.configureTestingModule({
    providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting(), server.provider(), ...providers],
  });
  TestBed.inject(LiveBus);
  TestBed.tick();
  server.latest.open();
  return {
    http: TestBed.inject(HttpTestingController),
    server,
    push: (message: LiveMessage | Record<string, unknown>) => server.latest.receive(message),
  };
}
