import { TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { liveTestBed } from '../../../testing/live-test-bed';
import type { SignInSession } from '../../core/api/models';
import { AccountPage, revokeQuestion } from './account-page';

const here: SignInSession = {
  id: 'session-here',
  createdAt: '2026-12-01T08:00:00.000Z',
  lastUsedAt: '2026-12-03T08:00:00.000Z',
  address: '10.0.0.5',
  browser: 'Chrome 153 on Linux',
  current: true,
};
const phone: SignInSession = { ...here, id: 'session-phone', browser: 'Safari 18 on iOS', current: false };

describe('AccountPage', () => {
  beforeEach(() => localStorage.clear());

  const render = () => {
    const bed = liveTestBed('staff', [{ provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } }]);
    const fixture = TestBed.createComponent(AccountPage);
    fixture.detectChanges();
    const element = fixture.nativeElement as HTMLElement;
    return { ...bed, fixture, element };
  };

  it('shows a skeleton, then the sessions with the current one marked', async () => {
    const { fixture, element, http } = render();
    expect(element.querySelector('[data-testid="account-sessions-loading"]')).not.toBeNull();
    http.expectOne('/api/auth/sessions').flush({ sessions: [here, phone] });
    await fixture.whenStable();
    const rows = [...element.querySelectorAll('[data-testid="session-row"]')].map((row) => row.textContent.replace(/\s+/g, ' ').trim());
    expect(rows[0]).toContain('Chrome 153 on Linux (this session)');
    expect(rows[1]).toContain('Safari 18 on iOS');
    expect(element.querySelectorAll('h1')).toHaveLength(1);
  });

  it('revokes another session once confirmed and drops it from the list', async () => {
    const { fixture, element, http } = render();
    http.expectOne('/api/auth/sessions').flush({ sessions: [here, phone] });
    await fixture.whenStable();
    element.querySelectorAll<HTMLButtonElement>('[data-testid="session-revoke"]')[1]?.click();
    await fixture.whenStable();
    expect(document.querySelector('mat-dialog-content')?.textContent).toBe('Revoke the session in Safari 18 on iOS?');
    document.querySelector<HTMLButtonElement>('[data-testid="confirm-yes"]')?.click();
    await fixture.whenStable();
    const request = http.expectOne((r) => r.method === 'DELETE');
    expect(request.request.url).toBe('/api/auth/sessions/session-phone');
    request.flush(null);
    await fixture.whenStable();
    expect(element.querySelectorAll('[data-testid="session-row"]')).toHaveLength(1);
  });

  it('warns that revoking the current session signs this browser out', () => {
    expect(revokeQuestion(here)).toBe('Revoke this session? This browser will be signed out.');
  });
});
