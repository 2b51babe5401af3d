// The header's offline status reads the queue from IndexedDB, which jsdom lacks.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { OfflineDb } from './core/offline/offline-db';
import { OfflineQueue } from './core/offline/offline-queue';
import { liveTestBed } from '../testing/live-test-bed';
import { anItem, userWith } from '../testing/session';
import { App } from './app';

describe('App shell', () => {
  const render = async (role: 'staff' | 'manager') => {
    const bed = liveTestBed(role);
    const fixture = TestBed.createComponent(App);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    return { ...bed, fixture, byTestId: (id: string) => element.querySelector<HTMLElement>(`[data-testid="${id}"]`) };
  };

  beforeEach(() => {
    localStorage.clear();
    // Each test its own empty IndexedDB, so that one test's queued movements are not another's.
    globalThis.indexedDB = new IDBFactory();
  });

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

  it('asks before signing out while movements wait to be sent, saying they stay on this device', async () => {
    const userId = userWith('staff').id;
    const body = { itemId: 'i1', type: 'IN' as const, quantity: 2 };
    for (const key of ['k1', 'k2'])
      await new OfflineDb().add({
        key,
        userId,
        queuedAt: '2026-12-03T10:00:00.000Z',
        request: { kind: 'movement', body },
        label: { sku: 'A-1', name: 'Bolt' },
      });
    const { byTestId, fixture } = await render('staff');
    TestBed.inject(Router).resetConfig([{ path: '**', children: [] }]);
    const queue = TestBed.inject(OfflineQueue);
    await vi.waitFor(() => expect(queue.waitingCount()).toBe(2));
    const dialogButton = (id: string) => document.querySelector<HTMLElement>(`mat-dialog-container [data-testid="${id}"]`);

    byTestId('sign-out')?.click();
    await fixture.whenStable();
    const question = document.querySelector('mat-dialog-container')?.textContent ?? '';
    expect(question).toContain('2 movements are waiting to be sent');
    expect(question).toContain('stay on this device');
    dialogButton('confirm-no')?.click();
    await vi.waitFor(() => expect(document.querySelector('mat-dialog-container')).toBeNull());
    fixture.detectChanges();
    expect(byTestId('current-user')).not.toBeNull();

    byTestId('sign-out')?.click();
    await fixture.whenStable();
    dialogButton('confirm-yes')?.click();
    await vi.waitFor(() => {
      fixture.detectChanges();
      expect(byTestId('current-user')).toBeNull();
    });
    expect(queue.waitingCount()).toBe(0);
    expect(await new OfflineDb().waiting(userId)).toHaveLength(2);
  });

  it('signs out at once when nothing waits', async () => {
    const { byTestId, fixture } = await render('staff');
    TestBed.inject(Router).resetConfig([{ path: '**', children: [] }]);
    byTestId('sign-out')?.click();
    await fixture.whenStable();
    expect(document.querySelector('mat-dialog-container')).toBeNull();
    expect(byTestId('current-user')).toBeNull();
  });
});
