import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { ApplicationConfig, provideBrowserGlobalErrorListeners } from '@angular/core';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { routes } from './app.routes';
import { readYourWritesInterceptor } from './core/api/read-your-writes.interceptor';
import { authInterceptor } from './core/auth/auth.interceptor';
import { livePositionInterceptor } from './core/live/live-position.interceptor';
import { reachabilityInterceptor } from './core/reachability/reachability.interceptor';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideHttpClient(withInterceptors([authInterceptor, reachabilityInterceptor, readYourWritesInterceptor, livePositionInterceptor])),
    provideRouter(routes, withComponentInputBinding()),
  ],
};
