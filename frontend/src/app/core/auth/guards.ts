import { inject } from '@angular/core';
import { CanMatchFn, Router } from '@angular/router';
import { AuthStore } from './auth-store';

/** Pages for anyone signed in; others go to the sign-in page and come back afterwards. */
export const signedInGuard: CanMatchFn = () => {
  const router = inject(Router);
  const auth = inject(AuthStore);
  if (auth.passwordChangeRequired()) return router.createUrlTree(['/change-password']);
  if (auth.signedIn()) return true;
  // The guard sits on the app's empty-path shell, so the attempted URL comes from the navigation.
  const attempted = router.currentNavigation()?.extractedUrl;
  const returnUrl = attempted ? router.serializeUrl(attempted) : '/';
  return router.createUrlTree(['/sign-in'], { queryParams: returnUrl === '/' ? {} : { returnUrl } });
};

/** Manager pages; a staff user is shown why instead of the page. */
export const managerGuard: CanMatchFn = () => {
  const auth = inject(AuthStore);
  const router = inject(Router);
  if (!auth.signedIn()) return router.createUrlTree(['/sign-in']);
  return auth.isManager() || router.createUrlTree(['/forbidden']);
};

/** The forced change after signing in with a temporary password, and only then. */
export const passwordChangeGuard: CanMatchFn = () => inject(AuthStore).passwordChangeRequired() || inject(Router).createUrlTree(['/']);

/** The sign-in and register pages are pointless once signed in. */
export const signedOutGuard: CanMatchFn = () => {
  const router = inject(Router);
  const auth = inject(AuthStore);
  if (auth.passwordChangeRequired()) return router.createUrlTree(['/change-password']);
  return !auth.signedIn() || router.createUrlTree(['/']);
};
