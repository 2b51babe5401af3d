import { TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { liveTestBed } from '../../../testing/live-test-bed';
import { userWith } from '../../../testing/session';
import type { UserView } from '../../core/api/models';
import { UsersPage, activationQuestion, roleChangeQuestion } from './users-page';

const alice: UserView = {
  id: 'alice-id',
  username: 'alice',
  email: 'alice@example.test',
  role: 'staff',
  createdAt: '2026-03-14T09:30:00.000Z',
  active: true,
  service: false,
};

describe('UsersPage', () => {
  beforeEach(() => localStorage.clear());

  const render = async () => {
    // Without animations the dialog closes at once, as a person sees it after the fade.
    const bed = liveTestBed('manager', [{ provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } }]);
    const fixture = TestBed.createComponent(UsersPage);
    fixture.detectChanges();
    bed.http.expectOne('/api/users').flush({ users: [{ ...userWith('manager'), createdAt: '2026-01-02T08:00:00.000Z' }, alice] });
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    const select = element.querySelector<HTMLSelectElement>('[data-testid="user-role-alice"]');
    if (!select) throw new Error('no role select for alice');
    const chooseManager = () => {
      select.value = 'manager';
      select.dispatchEvent(new Event('change'));
    };
    const dialogButton = (id: string) => {
      const button = document.querySelector<HTMLButtonElement>(`[data-testid="${id}"]`);
      if (!button) throw new Error(`no ${id} in the dialog`);
      return button;
    };
    return { ...bed, fixture, element, select, chooseManager, dialogButton };
  };

  it('shows when each user was created', async () => {
    const { element } = await render();
    const created = element.querySelector('[data-testid="user-created-alice"] time');
    expect(created?.getAttribute('datetime')).toBe(alice.createdAt);
    expect(created?.textContent).toBe('Mar 14, 2026');
  });

  it('marks a service account and offers no password reset for it', async () => {
    const bed = liveTestBed('manager', [{ provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } }]);
    const fixture = TestBed.createComponent(UsersPage);
    fixture.detectChanges();
    bed.http.expectOne('/api/users').flush({ users: [alice, { ...alice, id: 'robot-id', username: 'robot', service: true }] });
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    expect(element.querySelector('[data-testid="user-service-robot"]')?.textContent).toBe('(service account)');
    expect(element.querySelector('[data-testid="user-service-alice"]')).toBeNull();
    expect(element.querySelector('[data-testid="user-reset-robot"]')).toBeNull();
    expect(element.querySelector('[data-testid="user-reset-email-robot"]')).toBeNull();
    expect(element.querySelector('[data-testid="user-reset-alice"]')).not.toBeNull();
    expect(element.querySelector('[data-testid="user-activation-robot"]')).not.toBeNull();
  });

  it('asks before changing a role, and a cancel leaves the role and the select as they were', async () => {
    const { fixture, select, chooseManager, dialogButton, http } = await render();
    chooseManager();
    await fixture.whenStable();
    expect(document.querySelector('mat-dialog-content')?.textContent).toBe('Make alice a manager?');
    expect(dialogButton('confirm-yes').textContent.trim()).toBe('Make manager');
    dialogButton('confirm-no').click();
    await fixture.whenStable();
    http.expectNone((r) => r.method === 'PATCH');
    expect(select.value).toBe('staff');
  });

  it('changes the role once confirmed', async () => {
    const { fixture, select, chooseManager, dialogButton, http } = await render();
    chooseManager();
    await fixture.whenStable();
    dialogButton('confirm-yes').click();
    await fixture.whenStable();
    const request = http.expectOne((r) => r.method === 'PATCH');
    expect(request.request.url).toBe('/api/users/alice-id');
    expect(request.request.body).toEqual({ role: 'manager' });
    request.flush({ ...alice, role: 'manager', position: 12 });
    await fixture.whenStable();
    expect(select.value).toBe('manager');
  });

  it('deactivates once confirmed with a question naming the person, and shows them as deactivated', async () => {
    const { fixture, element, dialogButton, http } = await render();
    element.querySelector<HTMLButtonElement>('[data-testid="user-activation-alice"]')?.click();
    await fixture.whenStable();
    expect(document.querySelector('mat-dialog-content')?.textContent).toContain('Deactivate alice?');
    dialogButton('confirm-yes').click();
    await fixture.whenStable();
    const request = http.expectOne((r) => r.method === 'PATCH');
    expect(request.request.body).toEqual({ active: false });
    request.flush({ ...alice, active: false, position: 13 });
    await fixture.whenStable();
    expect(element.querySelector('[data-testid="user-status-alice"]')?.textContent.trim()).toBe('deactivated');
    expect(element.querySelector('[data-testid="user-activation-alice"]')?.textContent.trim()).toBe('Reactivate');
  });

  it('shows a reset’s temporary password once, after confirming', async () => {
    const { fixture, element, dialogButton, http } = await render();
    element.querySelector<HTMLButtonElement>('[data-testid="user-reset-alice"]')?.click();
    await fixture.whenStable();
    dialogButton('confirm-yes').click();
    await fixture.whenStable();
    const request = http.expectOne((r) => r.method === 'POST');
    expect(request.request.url).toBe('/api/users/alice-id/password-reset');
    request.flush({ temporaryPassword: 'Xq3-temporary_9z', position: 14 });
    await fixture.whenStable();
    expect(document.querySelector('[data-testid="temporary-password"]')?.textContent).toBe('Xq3-temporary_9z');
  });

  it('says what deactivating does, naming the person', () => {
    expect(activationQuestion('alice', false).question).toMatch(/^Deactivate alice\? They are signed out everywhere/);
    expect(activationQuestion('alice', true)).toEqual({ question: 'Reactivate alice? They can sign in again.', action: 'Reactivate' });
  });

  it('names the new role in the question and on the button', () => {
    expect(roleChangeQuestion('alice', 'manager')).toEqual({ question: 'Make alice a manager?', action: 'Make manager' });
    expect(roleChangeQuestion('bob', 'staff')).toEqual({ question: 'Make bob a staff member?', action: 'Make staff' });
  });

  it('shows a skeleton while the users load and the error with Retry when they cannot', async () => {
    const bed = liveTestBed('manager');
    const fixture = TestBed.createComponent(UsersPage);
    fixture.detectChanges();
    const element = fixture.nativeElement as HTMLElement;
    expect(element.querySelector('[data-testid="users-loading"]')).not.toBeNull();
    expect(element.querySelector('[data-testid="users-empty"]')).toBeNull();
    bed.http
      .expectOne('/api/users')
      .flush(
        { type: 'about:blank', title: 'Service unavailable', status: 503, detail: 'The database cannot be reached' },
        { status: 503, statusText: 'Unavailable' },
      );
    await fixture.whenStable();
    expect(element.querySelector('[data-testid="users-error"]')?.textContent).toContain('The database cannot be reached');
    element.querySelector<HTMLElement>('[data-testid="users-retry"]')?.click();
    bed.http.expectOne('/api/users').flush({ users: [alice] });
    await fixture.whenStable();
    expect(element.querySelector('[data-testid="user-row-alice"]')).not.toBeNull();
  });

  it('adds a user and leaves an empty form without errors for the next one', async () => {
    const bed = liveTestBed('manager');
    const fixture = TestBed.createComponent(UsersPage);
    fixture.detectChanges();
    bed.http.expectOne('/api/users').flush({ users: [userWith('manager')] });
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    const type = (id: string, value: string) => {
      const input = element.querySelector<HTMLInputElement>(`[data-testid="${id}"]`);
      if (!input) throw new Error(`no ${id}`);
      input.value = value;
      input.dispatchEvent(new Event('input'));
    };
    type('user-form-username', 'kim');
    type('user-form-email', 'kim@example.test');
    type('user-form-password', 'kim-password-1');
    element.querySelector<HTMLButtonElement>('[data-testid="user-form-submit"]')?.click();
    const request = bed.http.expectOne((r) => r.url === '/api/users' && r.method === 'POST');
    expect(request.request.body).toEqual({ username: 'kim', email: 'kim@example.test', password: 'kim-password-1', role: 'staff' });
    request.flush({ id: 'kim-id', username: 'kim', email: 'kim@example.test', role: 'staff' });
    await fixture.whenStable();
    expect(element.querySelector('[data-testid="user-row-kim"]')).not.toBeNull();
    expect(element.querySelector<HTMLInputElement>('[data-testid="user-form-username"]')?.value).toBe('');
    expect(element.querySelectorAll('mat-error')).toHaveLength(0);
  });
});
