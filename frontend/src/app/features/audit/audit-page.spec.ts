import { TestBed } from '@angular/core/testing';
import { liveTestBed } from '../../../testing/live-test-bed';
import type { ChainVerdict, StoredEvent } from '../../core/api/models';
import { AuditPage } from './audit-page';
import { beforeAfter, eventQuery, eventSummary } from './audit-store';

const moved: StoredEvent = {
  position: 7,
  streamId: 'item-a',
  streamVersion: 2,
  eventId: 'e7',
  type: 'StockMoved',
  data: { itemId: 'a', type: 'OUT', quantity: 3, quantityBefore: 10, quantityAfter: 7, reason: 'Issued' },
  metadata: { userId: 'sam-id', username: 'sam' },
  recordedAt: '2026-11-24T10:00:00.000Z',
  hash: 'ab12',
};

describe('AuditPage', () => {
  const render = async () => {
    const bed = liveTestBed('manager');
    const fixture = TestBed.createComponent(AuditPage);
    fixture.detectChanges();
    bed.http.expectOne('/api/users').flush({ users: [{ id: 'sam-id', username: 'sam', email: 's@x.test', role: 'staff' }] });
    bed.http.expectOne((r) => r.url === '/api/events').flush({ events: [moved], nextCursor: null, horizon: 7 });
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    return { ...bed, fixture, element, byTestId: (id: string) => element.querySelector<HTMLElement>(`[data-testid="${id}"]`) };
  };

  beforeEach(() => localStorage.clear());
  afterEach(() => vi.restoreAllMocks());

  it('lists each event with its author and what it changed', async () => {
    const { byTestId } = await render();
    expect(byTestId('audit-row')?.dataset['position']).toBe('7');
    expect(byTestId('audit-user')?.textContent).toBe('sam');
    expect(byTestId('audit-summary')?.textContent).toBe('OUT 3: 10 → 7');
  });

  it('pages on from the cursor the API gave, keeping what is shown', async () => {
    const bed = liveTestBed('manager');
    const fixture = TestBed.createComponent(AuditPage);
    fixture.detectChanges();
    bed.http.expectOne('/api/users').flush({ users: [] });
    bed.http.expectOne((r) => r.url === '/api/events').flush({ events: [moved], nextCursor: '7', horizon: 9 });
    await fixture.whenStable();
    (fixture.nativeElement as HTMLElement).querySelector<HTMLElement>('[data-testid="audit-load-more"]')?.click();
    const next = bed.http.expectOne((r) => r.url === '/api/events');
    expect(next.request.params.get('after')).toBe('7');
    next.flush({ events: [{ ...moved, position: 9, eventId: 'e9' }], nextCursor: null, horizon: 9 });
    await fixture.whenStable();
    const rows = (fixture.nativeElement as HTMLElement).querySelectorAll<HTMLElement>('[data-testid="audit-row"]');
    expect([...rows].map((row) => row.dataset['position'])).toEqual(['7', '9']);
    expect((fixture.nativeElement as HTMLElement).querySelector('[data-testid="audit-load-more"]')).toBeNull();
  });

  it('opens the before/after view of an event', async () => {
    const { byTestId, fixture } = await render();
    byTestId('audit-toggle')?.click();
    await fixture.whenStable();
    expect(JSON.parse(byTestId('audit-before')?.textContent ?? '')).toEqual({ quantity: 10 });
    expect(JSON.parse(byTestId('audit-after')?.textContent ?? '')).toEqual({ quantity: 7 });
  });

  it('shows an intact hash chain as a clear verdict', async () => {
    const { byTestId, http, fixture } = await render();
    byTestId('verify-events')?.click();
    http.expectOne('/api/events/verify').flush({ ok: true, checked: 1234 });
    await fixture.whenStable();
    expect(byTestId('verify-verdict')?.dataset['ok']).toBe('true');
    expect(byTestId('verify-verdict')?.textContent).toContain('Intact: all 1234 events');
  });

  it('names the first altered position when the chain is broken', async () => {
    const { byTestId, http, fixture } = await render();
    byTestId('verify-events')?.click();
    http.expectOne('/api/events/verify').flush({ ok: false, checked: 50, firstBadPosition: 17 });
    await fixture.whenStable();
    expect(byTestId('verify-verdict')?.dataset['ok']).toBe('false');
    expect(byTestId('verify-verdict')?.textContent).toContain('breaks at position 17');
  });

  it('says what is missing when the chain is intact but the log does not match its anchor', async () => {
    const { byTestId, http, fixture } = await render();
    byTestId('verify-events')?.click();
    const message =
      'the log ends at position 49 but the anchor records position 50 with digest ab12 (50 events, written 2026-01-01T00:00:00.000Z): 1 event is missing';
    const verdict: ChainVerdict = {
      ok: false,
      checked: 49,
      head: { position: 49, events: 49, digest: 'cd34' },
      anchor: { file: 'chain-anchor.json', intact: false, message },
    };
    http.expectOne('/api/events/verify').flush(verdict);
    await fixture.whenStable();
    expect(byTestId('verify-verdict')?.dataset['ok']).toBe('false');
    expect(byTestId('verify-verdict')?.textContent.trim()).toBe(`✘ Events are missing: ${message}`);
  });

  it('asks the export for CSV with the current filters', async () => {
    const { byTestId, http } = await render();
    vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:events');
    vi.spyOn(URL, 'revokeObjectURL').mockReturnValue(undefined);
    const clicked: HTMLAnchorElement[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this);
    });
    byTestId('audit-export')?.click();
    const request = http.expectOne((r) => r.url === '/api/events/export');
    expect(request.request.headers.get('Accept')).toBe('text/csv');
    expect(request.request.responseType).toBe('blob');
    request.flush(new Blob(['position,type\n7,StockMoved\n'], { type: 'text/csv' }));
    expect(clicked.map((link) => [link.download.startsWith('ims-events-'), link.href])).toEqual([[true, 'blob:events']]);
  });
});

describe('audit queries', () => {
  it('filters an item by its stream and sends times as ISO instants', () => {
    const query = eventQuery({ itemId: 'a', type: '', userId: 'u', from: '2026-11-24T08:00' });
    expect(query.streamId).toBe('item-a');
    expect(query.type).toBeUndefined();
    expect(query.userId).toBe('u');
    expect(query.from).toBe(new Date('2026-11-24T08:00').toISOString());
  });

  it('takes before and after from an item change', () => {
    const changed = { ...moved, type: 'ItemChanged', data: { kind: 'updated', before: { name: 'x' }, after: { name: 'y', sku: 'A' } } };
    expect(beforeAfter(changed)).toEqual({ before: { name: 'x' }, after: { name: 'y', sku: 'A' } });
    expect(eventSummary(changed)).toBe('updated A');
  });
});
