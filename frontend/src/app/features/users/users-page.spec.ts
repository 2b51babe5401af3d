import { TestBed } from '@angular/core/testing';
import { liveTestBed } from '../../../testing/live-test-bed';
import { userWith } from '../../../testing/session';
import { UsersPage } from './users-page';

describe('UsersPage', () => {
  beforeEach(() => localStorage.clear());

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
