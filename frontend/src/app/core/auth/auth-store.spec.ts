import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { storeSession, userWith } from '../../../testing/session';
import { AuthStore, SESSION_KEY } from './auth-store';

const jwtExpiringAt = (seconds: number) => `header.${btoa(JSON.stringify({ exp: seconds }))}.signature`;

describe('AuthStore', () => {
  const setup = () => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    return { auth: TestBed.inject(AuthStore), http: TestBed.inject(HttpTestingController) };
  };

  beforeEach(() => localStorage.clear());

  it('signs in, keeps the token in localStorage and exposes the user and role as signals', () => {
    const { auth, http } = setup();
    const signedIn = vi.fn();
    auth.signIn('maria', 'secret').subscribe(signedIn);

    const request = http.expectOne('/api/auth/login');
    expect(request.request.body).toEqual({ username: 'maria', password: 'secret' });
    request.flush({ accessToken: 'token-7', user: userWith('manager') });

    expect(signedIn).toHaveBeenCalledWith(userWith('manager'));
    expect(auth.signedIn()).toBe(true);
    expect(auth.isManager()).toBe(true);
    expect(auth.token()).toBe('token-7');
    expect(JSON.parse(localStorage.getItem(SESSION_KEY) ?? '{}')).toMatchObject({ accessToken: 'token-7' });
  });

  it('starts signed in from a stored session, as after a reload', () => {
    storeSession('staff', 'token-3');
    const { auth } = setup();
    expect(auth.token()).toBe('token-3');
    expect(auth.user()?.username).toBe('sam');
    expect(auth.isManager()).toBe(false);
  });

  it('keeps a stored session whose access token has expired: the session cookie may still renew it', () => {
    storeSession('staff', jwtExpiringAt(Date.now() / 1000 - 60));
    const { auth } = setup();
    expect(auth.signedIn()).toBe(true);
  });

  it('renews the access token with one refresh however many ask at once, and keeps the new session', () => {
    storeSession('staff', 'token-old');
    const { auth, http } = setup();
    const first = vi.fn();
    const second = vi.fn();
    auth.renew().subscribe(first);
    auth.renew().subscribe(second);
    http.expectOne('/api/auth/refresh').flush({ accessToken: 'token-new', user: userWith('staff') });
    expect(first).toHaveBeenCalledWith('token-new');
    expect(second).toHaveBeenCalledWith('token-new');
    expect(auth.token()).toBe('token-new');
    expect(JSON.parse(localStorage.getItem(SESSION_KEY) ?? '{}')).toMatchObject({ accessToken: 'token-new' });

    auth.renew().subscribe();
    http.expectOne('/api/auth/refresh');
  });

  it('ignores a stored session that is not valid JSON', () => {
    localStorage.setItem(SESSION_KEY, '{nope');
    expect(setup().auth.signedIn()).toBe(false);
  });

  it('registers a staff account and then signs it in', () => {
    const { auth, http } = setup();
    auth.register('sam', 'sam@example.test', 'pw-123456').subscribe();
    http.expectOne('/api/auth/register').flush({ user: userWith('staff') }, { status: 201, statusText: 'Created' });
    http.expectOne('/api/auth/login').flush({ accessToken: 'token-9', user: userWith('staff') });
    expect(auth.token()).toBe('token-9');
  });

  it('signs out: the token leaves storage and the signals, and the server ends the session', () => {
    storeSession('manager');
    const { auth, http } = setup();
    auth.signOut();
    expect(auth.signedIn()).toBe(false);
    expect(auth.token()).toBeNull();
    expect(localStorage.getItem(SESSION_KEY)).toBeNull();
    expect(http.expectOne('/api/auth/logout').request.method).toBe('POST');
  });
});
