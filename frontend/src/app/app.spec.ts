import { TestBed } from '@angular/core/testing';
import { liveTestBed } from '../testing/live-test-bed';
import { anAlert } from '../testing/session';
import { App } from './app';

describe('App shell', () => {
  const render = async (role: 'staff' | 'manager') => {
    const bed = liveTestBed(role);
    const fixture = TestBed.createComponent(App);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    return { ...bed, fixture, byTestId: (id: string) => element.querySelector<HTMLElement>(`[data-testid="${id}"]`) };
  };

  beforeEach(() => localStorage.clear());

  it('shows staff the operator pages but not the manager ones', async () => {
    const { byTestId } = await render('staff');
    expect(byTestId('nav-items')).not.toBeNull();
    expect(byTestId('nav-movement')).not.toBeNull();
    expect(byTestId('nav-audit')).toBeNull();
    expect(byTestId('nav-users')).toBeNull();
    expect(byTestId('nav-health')).toBeNull();
  });

  it('shows managers Audit, Users and System health', async () => {
    const { byTestId } = await render('manager');
    expect(byTestId('nav-audit')).not.toBeNull();
    expect(byTestId('nav-users')).not.toBeNull();
    expect(byTestId('nav-health')).not.toBeNull();
    expect(byTestId('current-user')?.textContent).toContain('maria');
  });

  it('shows the connection state in the toolbar as it changes', async () => {
    const { byTestId, server, fixture } = await render('staff');
    expect(byTestId('connection-status')?.dataset['state']).toBe('live');
    server.latest.drop();
    await fixture.whenStable();
    expect(byTestId('connection-status')?.dataset['state']).toBe('reconnecting');
    expect(byTestId('connection-status')?.textContent).toContain('Reconnecting');
  });

  it('raises the low-stock banner when an alert arrives, whatever the page', async () => {
    const { byTestId, push, fixture } = await render('staff');
    expect(byTestId('low-stock-banner')).toBeNull();
    push({
      type: 'alert.low_stock',
      position: 12,
      data: anAlert(),
    });
    await fixture.whenStable();
    expect(byTestId('low-stock-banner')?.textContent).toContain('A-100');
    expect(byTestId('low-stock-banner')?.textContent).toContain('is at 2 box (threshold 5)');
  });
});
