// The header's offline status reads the queue from IndexedDB, which jsdom lacks.
import 'fake-indexeddb/auto';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { liveTestBed } from '../testing/live-test-bed';
import { anItem } from '../testing/session';
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
    expect(byTestId('nav-manage')).toBeNull();
  });

  it('shows managers Locations, Audit, Users and System health under Manage', async () => {
    const { byTestId, fixture } = await render('manager');
    const inMenu = (id: string) => document.querySelector(`.nav-menu [data-testid="${id}"]`);
    expect(inMenu('nav-audit')).toBeNull();
    byTestId('nav-manage')?.click();
    await fixture.whenStable();
    for (const id of ['nav-locations', 'nav-audit', 'nav-users', 'nav-health']) expect(inMenu(id)).not.toBeNull();
    expect(byTestId('current-user')?.textContent).toContain('maria');
  });

  it('marks Manage as the current place while one of its pages is open', async () => {
    const { byTestId, fixture } = await render('manager');
    const router = TestBed.inject(Router);
    router.resetConfig([{ path: '**', children: [] }]);
    await router.navigateByUrl('/items');
    await fixture.whenStable();
    expect(byTestId('nav-manage')?.classList).not.toContain('active');
    await router.navigateByUrl('/audit?type=StockMoved');
    await fixture.whenStable();
    expect(byTestId('nav-manage')?.classList).toContain('active');
  });

  it('shows the connection state in the toolbar as it changes', async () => {
    const { byTestId, server, fixture } = await render('staff');
    expect(byTestId('connection-status')?.dataset['state']).toBe('live');
    server.latest.drop();
    await fixture.whenStable();
    expect(byTestId('connection-status')?.dataset['state']).toBe('reconnecting');
    expect(byTestId('connection-status')?.textContent).toContain('Reconnecting');
  });

  it('shows the items already low, then raises the low-stock banner when another crosses, whatever the page', async () => {
    const { byTestId, push, http, fixture } = await render('staff');
    http.expectOne((r) => r.url === '/api/items' && r.params.get('lowStock') === 'true').flush({ items: [], nextCursor: null });
    await fixture.whenStable();
    expect(byTestId('low-stock-banner')).toBeNull();
    const item = anItem({ quantity: 2, lowStock: true, version: 2 });
    const movement = {
      id: 'm1',
      itemId: item.id,
      type: 'OUT',
      quantity: 18,
      quantityBefore: 20,
      quantityAfter: 2,
      at: '2026-11-24T10:00:00.000Z',
    };
    push({ type: 'stock.moved', position: 12, data: { movement, item } });
    await fixture.whenStable();
    expect(byTestId('low-stock-banner')?.textContent).toContain('A-100');
    expect(byTestId('low-stock-banner')?.textContent).toContain('is at 2 box (threshold 5)');
  });

  it('puts the navigation, the user and Sign out in the menu', async () => {
    const { byTestId, fixture } = await render('manager');
    byTestId('nav-menu-button')?.click();
    await fixture.whenStable();
    const menuItem = (id: string) => document.querySelector<HTMLElement>(`[data-testid="${id}"]`);
    expect(menuItem('menu-user')?.textContent).toContain('maria · manager');
    expect(menuItem('menu-movements')?.getAttribute('href')).toBe('/movements');
    expect(menuItem('menu-health')).not.toBeNull();
    expect(menuItem('menu-sign-out')).not.toBeNull();
  });
});
