import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { liveTestBed } from '../../../testing/live-test-bed';
import { anItem } from '../../../testing/session';
import { HIGHLIGHT_MS } from './items-store';
import { ItemsPage, ROW_HEIGHT } from './items-page';

const thousandItems = Array.from({ length: 1_000 }, (_, i) =>
  anItem({ id: `id-${i}`, sku: `SKU-${String(i).padStart(4, '0')}`, quantity: i, version: 1 }),
);

describe('ItemsPage', () => {
  const render = async (role: 'staff' | 'manager') => {
    // jsdom lays nothing out; give the virtual-scroll viewport a height of ten rows.
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(10 * ROW_HEIGHT);
    const bed = liveTestBed(role);
    const fixture = TestBed.createComponent(ItemsPage);
    fixture.detectChanges();
    bed.http.expectOne((r) => r.url === '/api/items').flush({ items: thousandItems, nextCursor: null });
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    const byTestId = (id: string) => element.querySelector<HTMLElement>(`[data-testid="${id}"]`);
    return { ...bed, fixture, element, byTestId };
  };

  beforeEach(() => localStorage.clear());
  afterEach(() => vi.restoreAllMocks());

  it('renders only the visible window of 1,000 items', async () => {
    const { element, byTestId } = await render('staff');
    const rows = element.querySelectorAll('[data-testid^="item-row-"]');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(60);
    expect(byTestId('item-qty-SKU-0000')?.textContent.trim()).toBe('0');
    expect(byTestId('items-count')?.textContent).toContain('1000 shown');
  });

  it('asks for the next page by itself when the rows it has end within the prefetch distance', async () => {
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(10 * ROW_HEIGHT);
    const bed = liveTestBed('staff');
    const fixture = TestBed.createComponent(ItemsPage);
    fixture.detectChanges();
    bed.http.expectOne((r) => r.url === '/api/items').flush({ items: thousandItems.slice(0, 30), nextCursor: 'c1' });
    await fixture.whenStable();
    const next = bed.http.expectOne((r) => r.url === '/api/items' && r.params.get('cursor') === 'c1');
    next.flush({ items: thousandItems.slice(30, 300), nextCursor: 'c2' });
    await fixture.whenStable();
    bed.http.expectNone((r) => r.params.get('cursor') === 'c2');
  });

  it('updates a row in place with a highlight when a colleague moves its stock', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const { push, fixture, byTestId } = await render('staff');
      push({
        type: 'stock.moved',
        position: 50,
        data: { movement: {}, item: anItem({ id: 'id-2', sku: 'SKU-0002', quantity: 1, lowStock: true, version: 2 }) },
      });
      fixture.detectChanges();
      const row = byTestId('item-row-SKU-0002');
      expect(byTestId('item-qty-SKU-0002')?.textContent.trim()).toBe('1');
      expect(row?.classList.contains('flash')).toBe(true);
      expect(row?.querySelector('[data-testid="low-stock-badge"]')).not.toBeNull();
      vi.advanceTimersByTime(HIGHLIGHT_MS);
      fixture.detectChanges();
      expect(byTestId('item-row-SKU-0002')?.classList.contains('flash')).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('offers create, edit and archive to managers only', async () => {
    const staff = await render('staff');
    expect(staff.byTestId('item-new')).toBeNull();
    expect(staff.byTestId('item-edit-SKU-0000')).toBeNull();
    TestBed.resetTestingModule();
    localStorage.clear();
    const manager = await render('manager');
    expect(manager.byTestId('item-new')).not.toBeNull();
    expect(manager.byTestId('item-archive-SKU-0000')).not.toBeNull();
  });

  it('lists what the URL asks for, the archived items highest quantity first, each with Restore for a manager', async () => {
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(10 * ROW_HEIGHT);
    const bed = liveTestBed('manager');
    await TestBed.inject(Router).navigateByUrl('/?view=archived&sort=-quantity');
    const fixture = TestBed.createComponent(ItemsPage);
    fixture.detectChanges();
    const request = bed.http.expectOne((r) => r.url === '/api/items');
    expect(request.request.params.get('archived')).toBe('true');
    expect(request.request.params.get('sort')).toBe('-quantity');
    request.flush({ items: [anItem({ id: 'x', sku: 'OLD-1', archived: true })], nextCursor: null });
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    expect(element.querySelector('[data-testid="item-restore-OLD-1"]')).not.toBeNull();
    expect(element.querySelector('[data-testid="item-edit-OLD-1"]')).toBeNull();
    expect(element.querySelector('[data-testid="item-new"]')).toBeNull();
  });
});
