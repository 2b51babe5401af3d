import { TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { liveTestBed } from '../../../testing/live-test-bed';
import type { ApiToken, CreatedApiToken, Role, UserView } from '../../core/api/models';
import { TokensPage, endOfDay } from './tokens-page';

const nightly: ApiToken = {
  id: 'token-nightly',
  name: 'nightly export',
  role: 'staff',
  readOnly: true,
  createdAt: '2026-12-01T08:00:00.000Z',
  expiresAt: null,
  lastUsedAt: null,
};
const SECRET = `ims_pat_${'a'.repeat(43)}`;
const robot: UserView = {
  id: 'robot-id',
  username: 'shop-robot',
  email: 'robot@example.com',
  role: 'staff',
  createdAt: '2026-12-01T08:00:00.000Z',
  active: true,
  service: true,
};

describe('TokensPage', () => {
  beforeEach(() => localStorage.clear());

  const render = (role: Role = 'staff') => {
    const bed = liveTestBed(role, [{ provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } }]);
    const fixture = TestBed.createComponent(TokensPage);
    fixture.detectChanges();
    const element = fixture.nativeElement as HTMLElement;
    return { ...bed, fixture, element };
  };
  const text = (element: Element | null) => element?.textContent.replace(/\s+/g, ' ').trim();

  it('shows a skeleton, then the tokens without any secret', async () => {
    const { fixture, element, http } = render();
    expect(element.querySelector('[data-testid="tokens-loading"]')).not.toBeNull();
    http.expectOne('/api/tokens').flush({ tokens: [nightly] });
    await fixture.whenStable();
    const row = text(element.querySelector('[data-testid="token-row"]'));
    expect(row).toContain('nightly export');
    expect(row).toContain('staff, read-only');
    expect(row).toContain('Never used');
    expect(row).toContain('Never expires');
    expect(element.querySelector('[data-testid="token-role"]')).toBeNull();
  });

  it('shows a new token’s secret once, with a warning, until Done; the list keeps no secret', async () => {
    const { fixture, element, http } = render();
    http.expectOne('/api/tokens').flush({ tokens: [] });
    await fixture.whenStable();
    const name = element.querySelector<HTMLInputElement>('[data-testid="token-name"]');
    if (name) name.value = 'sync';
    name?.dispatchEvent(new Event('input'));
    element.querySelector<HTMLButtonElement>('[data-testid="token-create"]')?.click();
    const request = http.expectOne((r) => r.method === 'POST' && r.url === '/api/tokens');
    expect(request.request.body).toEqual({ name: 'sync', readOnly: false });
    const created: CreatedApiToken = { ...nightly, id: 'token-sync', name: 'sync', readOnly: false, token: SECRET };
    request.flush(created);
    await fixture.whenStable();
    expect(text(element.querySelector('[data-testid="token-secret"]'))).toBe(SECRET);
    expect(text(element.querySelector('[data-testid="token-secret-panel"]'))).toContain('shown only this once');
    expect(text(element.querySelector('[data-testid="token-list"], ims-token-list'))).not.toContain(SECRET);

    element.querySelector<HTMLButtonElement>('[data-testid="token-secret-done"]')?.click();
    await fixture.whenStable();
    expect(element.textContent).not.toContain(SECRET);
    expect(element.querySelectorAll('[data-testid="token-row"]')).toHaveLength(1);
  });

  it('revokes a token once confirmed and drops it from the list', async () => {
    const { fixture, element, http } = render();
    http.expectOne('/api/tokens').flush({ tokens: [nightly] });
    await fixture.whenStable();
    element.querySelector<HTMLButtonElement>('[data-testid="token-revoke"]')?.click();
    await fixture.whenStable();
    expect(document.querySelector('mat-dialog-content')?.textContent).toContain('Revoke the token “nightly export”?');
    document.querySelector<HTMLButtonElement>('[data-testid="confirm-yes"]')?.click();
    await fixture.whenStable();
    const request = http.expectOne((r) => r.method === 'DELETE');
    expect(request.request.url).toBe('/api/tokens/token-nightly');
    request.flush(null);
    await fixture.whenStable();
    expect(element.querySelectorAll('[data-testid="token-row"]')).toHaveLength(0);
  });

  it('lets a manager pick a service account and make its token with a role', async () => {
    const { fixture, element, http } = render('manager');
    http.expectOne('/api/tokens').flush({ tokens: [] });
    http.expectOne('/api/users').flush({ users: [robot, { ...robot, id: 'person', username: 'person', service: false }] });
    await fixture.whenStable();
    const owner = element.querySelector<HTMLSelectElement>('[data-testid="token-owner"]');
    expect([...(owner?.options ?? [])].map((option) => option.textContent.trim())).toEqual([
      expect.stringContaining('you'),
      'shop-robot (service account)',
    ]);
    if (owner) owner.value = 'robot-id';
    owner?.dispatchEvent(new Event('change'));
    http.expectOne('/api/tokens?userId=robot-id').flush({ tokens: [] });
    await fixture.whenStable();

    const role = element.querySelector<HTMLSelectElement>('[data-testid="token-role"]');
    if (role) role.value = 'staff';
    role?.dispatchEvent(new Event('change'));
    const name = element.querySelector<HTMLInputElement>('[data-testid="token-name"]');
    if (name) name.value = 'shop sync';
    name?.dispatchEvent(new Event('input'));
    element.querySelector<HTMLButtonElement>('[data-testid="token-create"]')?.click();
    const request = http.expectOne((r) => r.method === 'POST');
    expect(request.request.body).toEqual({ name: 'shop sync', readOnly: false, role: 'staff', userId: 'robot-id' });
  });

  it('makes a service account without a password and picks it at once', async () => {
    const { fixture, element, http } = render('manager');
    http.expectOne('/api/tokens').flush({ tokens: [] });
    http.expectOne('/api/users').flush({ users: [] });
    await fixture.whenStable();
    expect(element.querySelector('[data-testid="token-owner"]')).toBeNull();
    for (const [id, value] of [
      ['service-account-username', 'shop-robot'],
      ['service-account-email', 'robot@example.com'],
    ] as const) {
      const input = element.querySelector<HTMLInputElement>(`[data-testid="${id}"]`);
      if (input) input.value = value;
      input?.dispatchEvent(new Event('input'));
    }
    element.querySelector<HTMLButtonElement>('[data-testid="service-account-create"]')?.click();
    const request = http.expectOne((r) => r.method === 'POST' && r.url === '/api/users');
    expect(request.request.body).toEqual({ username: 'shop-robot', email: 'robot@example.com', role: 'staff', service: true });
    request.flush({ ...robot, position: 7 });
    http.expectOne('/api/tokens?userId=robot-id').flush({ tokens: [] });
    await fixture.whenStable();
    const owner = element.querySelector<HTMLSelectElement>('[data-testid="token-owner"]');
    expect(owner?.selectedOptions[0]?.textContent.trim()).toBe('shop-robot (service account)');
    expect(element.querySelector('[data-testid="token-secret-panel"]')).toBeNull();
  });

  it('expires a token at the end of the chosen day where the browser is', () => {
    const end = new Date(endOfDay('2031-05-06'));
    expect([end.getFullYear(), end.getMonth(), end.getDate(), end.getHours(), end.getMinutes()]).toEqual([2031, 4, 6, 23, 59]);
  });
});
