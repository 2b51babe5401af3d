import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { ApplicationConfig, isDevMode, provideBrowserGlobalErrorListeners } from '@angular/core';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { provideServiceWorker } from '@angular/service-worker';
import { routes } from './app.routes';
import { readYourWritesInterceptor } from './core/api/read-your-writes.interceptor';
import { authInterceptor } from './core/auth/auth.interceptor';
import { livePositionInterceptor } from './core/live/live-position.interceptor';
import { serviceWorkerBypassInterceptor } from './core/offline/service-worker-bypass.interceptor';
import { reachabilityInterceptor } from './core/reachability/reachability.interceptor';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideHttpClient(
      withInterceptors([
        authInterceptor,
        reachabilityInterceptor,
        readYourWritesInterceptor,
        livePositionInterceptor,
        serviceWorkerBypassInterceptor,
      ]),
    ),
    provideRouter(routes, withComponentInputBinding()),
    // The installed app (PWA): its files cached so that the scan page opens without the network.
    provideServiceWorker('ngsw-worker.js', { enabled: !isDevMode(), registrationStrategy: 'registerImmediately' }),
  ],
};
