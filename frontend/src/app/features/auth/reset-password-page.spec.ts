import { Location } from '@angular/common';
import { TestBed } from '@angular/core/testing';
import { liveTestBed } from '../../../testing/live-test-bed';
import { ResetPasswordPage } from './reset-password-page';

describe('ResetPasswordPage', () => {
  beforeEach(() => localStorage.clear());

  const render = (token: string | undefined, address = '/reset-password') => {
    const bed = liveTestBed('staff');
    const location = TestBed.inject(Location);
    location.go(address);
    const fixture = TestBed.createComponent(ResetPasswordPage);
    if (token !== undefined) fixture.componentRef.setInput('token', token);
    fixture.detectChanges();
    const element = fixture.nativeElement as HTMLElement;
    const type = (testId: string, value: string) => {
      const input = element.querySelector<HTMLInputElement>(`[data-testid="${testId}"]`);
      if (!input) throw new Error(`no ${testId}`);
      input.value = value;
      input.dispatchEvent(new Event('input'));
    };
    const submit = async () => {
      element.querySelector<HTMLButtonElement>('[data-testid="reset-submit"]')?.click();
      await fixture.whenStable();
    };
    return { ...bed, fixture, element, location, type, submit };
  };

  it('sends nothing while the two passwords differ', async () => {
    const { element, http, type, submit } = render('token-from-the-email');
    type('reset-new', 'chosen-by-link-words');
    type('reset-confirm', 'chosen-by-link-wordz');
    await submit();
    http.expectNone('/api/auth/password-reset');
    expect(element.textContent).toContain('Does not match the new password');
  });

  it("sends the link's token with the new password, and says when the link no longer works", async () => {
    const { fixture, element, http, type, submit } = render('token-from-the-email');
    type('reset-new', 'chosen-by-link-words');
    type('reset-confirm', 'chosen-by-link-words');
    await submit();
    const request = http.expectOne('/api/auth/password-reset');
    expect(request.request.body).toEqual({ token: 'token-from-the-email', newPassword: 'chosen-by-link-words' });
    request.flush(
      { type: '/problems/reset-link-invalid', title: 'Reset link not valid', status: 410, detail: 'used' },
      { status: 410, statusText: 'Gone' },
    );
    await fixture.whenStable();
    expect(element.querySelector('[data-testid="reset-link-invalid"]')?.textContent).toContain('This link no longer works');
    expect(element.querySelector('form')).toBeNull();
    expect(element.querySelectorAll('h1')).toHaveLength(1);
  });

  it('takes the token out of the address bar, and still sends it', async () => {
    const { fixture, http, location, type, submit } = render('token-from-the-email', '/reset-password?token=token-from-the-email');
    await fixture.whenStable();
    expect(location.path()).not.toContain('token');
    type('reset-new', 'chosen-by-link-words');
    type('reset-confirm', 'chosen-by-link-words');
    await submit();
    expect(http.expectOne('/api/auth/password-reset').request.body).toMatchObject({ token: 'token-from-the-email' });
  });

  it('says a link without its token is incomplete and offers no form', () => {
    const { element } = render(undefined);
    expect(element.querySelector('[data-testid="reset-no-token"]')).not.toBeNull();
    expect(element.querySelector('form')).toBeNull();
  });
});
