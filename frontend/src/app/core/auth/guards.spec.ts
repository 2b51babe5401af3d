import { ChangeDetectionStrategy, Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { Router, provideRouter } from '@angular/router';
import { storeSession } from '../../../testing/session';
import { SESSION_KEY } from './auth-store';
import { managerGuard, passwordChangeGuard, signedInGuard } from './guards';

@Component({ template: '', changeDetection: ChangeDetectionStrategy.OnPush })
class Blank {}

describe('route guards', () => {
  const navigateTo = async (url: string) => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'sign-in', component: Blank },
          { path: 'change-password', canMatch: [passwordChangeGuard], component: Blank },
          {
            path: '',
            canMatch: [signedInGuard],
            children: [
              { path: 'items', component: Blank },
              { path: 'audit', canMatch: [managerGuard], component: Blank },
              { path: 'forbidden', component: Blank },
            ],
          },
        ]),
      ],
    });
    const router = TestBed.inject(Router);
    await router.navigateByUrl(url);
    return router.url;
  };

  beforeEach(() => localStorage.clear());

  it('holds a user signed in with a temporary password on the change screen, and lets nobody else there', async () => {
    const user = storeSession('staff');
    localStorage.setItem(SESSION_KEY, JSON.stringify({ accessToken: 'limited', user, passwordChangeRequired: true }));
    expect(await navigateTo('/items')).toBe('/change-password');
    TestBed.resetTestingModule();
    storeSession('staff');
    expect(await navigateTo('/change-password')).toBe('/');
  });

  it('sends a signed-out visitor to the sign-in page with the way back', async () => {
    expect(await navigateTo('/items')).toBe('/sign-in?returnUrl=%2Fitems');
  });

  it('lets a signed-in user in', async () => {
    storeSession('staff');
    expect(await navigateTo('/items')).toBe('/items');
  });

  it('keeps staff out of manager pages', async () => {
    storeSession('staff');
    expect(await navigateTo('/audit')).toBe('/forbidden');
  });

  it('lets a manager into manager pages', async () => {
    storeSession('manager');
    expect(await navigateTo('/audit')).toBe('/audit');
  });
});
