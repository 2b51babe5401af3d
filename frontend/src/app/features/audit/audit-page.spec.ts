import { TestBed } from '@angular/core/testing';
import { liveTestBed } from '../../../testing/live-test-bed';
import type { ChainVerdict, StoredEvent } from '../../core/api/models';
import { AuditPage } from './audit-page';
import { eventQuery } from './audit-store';
import { eventChanges, eventSummary, shownValue } from './event-details';

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
  reversedBy: null,
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

  it('marks a reversed movement with the position of its correction, and the correction with what it reverses', async () => {
    const bed = liveTestBed('manager');
    const fixture = TestBed.createComponent(AuditPage);
    fixture.detectChanges();
    bed.http.expectOne('/api/users').flush({ users: [] });
    const correction: StoredEvent = {
      ...moved,
      position: 9,
      eventId: 'e9',
      data: { ...moved.data, type: 'IN', quantityBefore: 7, quantityAfter: 10, reverses: '5f0c2a9e-0000-4000-8000-000000000001' },
    };
    bed.http
      .expectOne((r) => r.url === '/api/events')
      .flush({ events: [{ ...moved, reversedBy: 9 }, correction], nextCursor: null, horizon: 9 });
    await fixture.whenStable();
    const rows = [...(fixture.nativeElement as HTMLElement).querySelectorAll<HTMLElement>('[data-testid="audit-row"]')];
    const within = (row: HTMLElement | undefined, id: string) => row?.querySelector<HTMLElement>(`[data-testid="${id}"]`);
    expect(within(rows[0], 'audit-summary')?.classList).toContain('reversed');
    expect(within(rows[0], 'audit-reversed-by')?.textContent.trim()).toBe('reversed by #9');
    expect(within(rows[1], 'audit-summary')?.classList).not.toContain('reversed');
    expect(within(rows[1], 'audit-reverses')?.textContent.trim()).toBe('reverses movement 5f0c2a9e…');
  });

  it('asks for the newest first and pages on below the cursor the API gave, keeping what is shown', async () => {
    const bed = liveTestBed('manager');
    const fixture = TestBed.createComponent(AuditPage);
    fixture.detectChanges();
    bed.http.expectOne('/api/users').flush({ users: [] });
    const first = bed.http.expectOne((r) => r.url === '/api/events');
    expect(first.request.params.get('order')).toBe('desc');
    expect(first.request.params.has('before')).toBe(false);
    first.flush({ events: [{ ...moved, position: 9, eventId: 'e9' }], nextCursor: '9', horizon: 9 });
    await fixture.whenStable();
    (fixture.nativeElement as HTMLElement).querySelector<HTMLElement>('[data-testid="audit-load-more"]')?.click();
    const next = bed.http.expectOne((r) => r.url === '/api/events');
    expect([next.request.params.get('order'), next.request.params.get('before'), next.request.params.has('after')]).toEqual([
      'desc',
      '9',
      false,
    ]);
    next.flush({ events: [moved], nextCursor: null, horizon: 9 });
    await fixture.whenStable();
    const rows = (fixture.nativeElement as HTMLElement).querySelectorAll<HTMLElement>('[data-testid="audit-row"]');
    expect([...rows].map((row) => row.dataset['position'])).toEqual(['9', '7']);
    expect((fixture.nativeElement as HTMLElement).querySelector('[data-testid="audit-load-more"]')).toBeNull();
  });

  it('lists oldest first when asked, paging on after the cursor, and says which order is shown', async () => {
    const { byTestId, http, fixture } = await render();
    expect(byTestId('audit-order')?.textContent).toContain('Newest first');
    const select = byTestId('audit-order-select') as HTMLSelectElement;
    select.value = 'asc';
    select.dispatchEvent(new Event('change'));
    await fixture.whenStable();
    expect(byTestId('audit-order')?.textContent).toContain('Newest first');
    byTestId('audit-search')?.click();
    const first = http.expectOne((r) => r.url === '/api/events');
    expect(first.request.params.get('order')).toBe('asc');
    first.flush({ events: [moved], nextCursor: '7', horizon: 9 });
    await fixture.whenStable();
    expect(byTestId('audit-order')?.textContent).toContain('Oldest first');
    byTestId('audit-load-more')?.click();
    const next = http.expectOne((r) => r.url === '/api/events');
    expect([next.request.params.get('after'), next.request.params.has('before')]).toEqual(['7', false]);
  });

  it('expands an event into its before/after view and folds it again, saying which state the button is in', async () => {
    const { byTestId, fixture } = await render();
    const toggle = byTestId('audit-toggle');
    expect(toggle?.getAttribute('aria-expanded')).toBe('false');
    expect(byTestId('audit-detail')).toBeNull();
    toggle?.click();
    await fixture.whenStable();
    expect(toggle?.getAttribute('aria-expanded')).toBe('true');
    expect(byTestId('audit-detail')?.id).toBe(toggle?.getAttribute('aria-controls'));
    expect(byTestId('audit-before')?.textContent.trim()).toBe('10');
    expect(byTestId('audit-after')?.textContent.trim()).toBe('7');
    toggle?.click();
    await fixture.whenStable();
    expect(toggle?.getAttribute('aria-expanded')).toBe('false');
    expect(byTestId('audit-detail')).toBeNull();
  });

  it('shows the whole payload and metadata of an event that records no earlier state', async () => {
    const bed = liveTestBed('manager');
    const fixture = TestBed.createComponent(AuditPage);
    fixture.detectChanges();
    bed.http.expectOne('/api/users').flush({ users: [] });
    const registered: StoredEvent = {
      ...moved,
      type: 'UserRegistered',
      data: { userId: 'kim-id', username: 'kim', email: 'kim@x.test', role: 'staff' },
    };
    bed.http.expectOne((r) => r.url === '/api/events').flush({ events: [registered], nextCursor: null, horizon: 7 });
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    element.querySelector<HTMLElement>('[data-testid="audit-toggle"]')?.click();
    await fixture.whenStable();
    expect(element.querySelector('[data-testid="audit-diff"]')).toBeNull();
    expect(JSON.parse(element.querySelector('[data-testid="audit-data"]')?.textContent ?? '')).toEqual(registered.data);
    expect(JSON.parse(element.querySelector('[data-testid="audit-metadata"]')?.textContent ?? '')).toEqual(registered.metadata);
  });

  it('keeps the shown events under a new search until its answer arrives, never flashing "No events match."', async () => {
    const { byTestId, http, fixture, element } = await render();
    byTestId('audit-search')?.click();
    await fixture.whenStable();
    const pending = http.expectOne((r) => r.url === '/api/events');
    expect(element.querySelectorAll('[data-testid="audit-row"]')).toHaveLength(1);
    expect(byTestId('audit-empty')).toBeNull();
    pending.flush({ events: [], nextCursor: null, horizon: 7 });
    await fixture.whenStable();
    expect(element.querySelectorAll('[data-testid="audit-row"]')).toHaveLength(0);
    expect(byTestId('audit-empty')?.textContent).toContain('No events match.');
  });

  it('shows a skeleton until the first page arrives, never "No events match."', async () => {
    const bed = liveTestBed('manager');
    const fixture = TestBed.createComponent(AuditPage);
    fixture.detectChanges();
    bed.http.expectOne('/api/users').flush({ users: [] });
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    expect(element.querySelector('[data-testid="audit-loading"]')).not.toBeNull();
    expect(element.querySelector('[data-testid="audit-empty"]')).toBeNull();
    bed.http.expectOne((r) => r.url === '/api/events').flush({ events: [], nextCursor: null, horizon: 0 });
    await fixture.whenStable();
    expect(element.querySelector('[data-testid="audit-loading"]')).toBeNull();
    expect(element.querySelector('[data-testid="audit-empty"]')?.textContent).toContain('No events match.');
  });

  it('says why the log could not be read and asks again on Retry', async () => {
    const bed = liveTestBed('manager');
    const fixture = TestBed.createComponent(AuditPage);
    fixture.detectChanges();
    bed.http.expectOne('/api/users').flush({ users: [] });
    bed.http
      .expectOne((r) => r.url === '/api/events')
      .flush(
        { type: 'about:blank', title: 'Unavailable', status: 503, detail: 'The log is held open' },
        { status: 503, statusText: 'Unavailable' },
      );
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    expect(element.querySelector('[data-testid="audit-error"]')?.textContent).toContain('The log is held open');
    element.querySelector<HTMLElement>('[data-testid="audit-retry"]')?.click();
    bed.http.expectOne((r) => r.url === '/api/events').flush({ events: [moved], nextCursor: null, horizon: 7 });
    await fixture.whenStable();
    expect(element.querySelector('[data-testid="audit-error"]')).toBeNull();
    expect(element.querySelectorAll('[data-testid="audit-row"]')).toHaveLength(1);
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
    expect(query.category).toBeUndefined();
  });

  it('asks for the access category only when it is chosen', () => {
    expect(eventQuery({ category: 'access' }).category).toBe('access');
    expect(eventQuery({ category: '' }).category).toBeUndefined();
  });
});

describe('event details', () => {
  it('summarises a failed sign-in with the name as typed, why, from where and with what', () => {
    const failed: StoredEvent = {
      ...moved,
      type: 'UserSignInFailed',
      data: { username: 'mallory', reason: 'unknown user', address: '10.0.0.9', browser: 'Firefox 132 on macOS' },
    };
    expect(eventSummary(failed)).toBe('"mallory" (unknown user) from 10.0.0.9, Firefox 132 on macOS');
  });

  it('summarises an API token made and revoked by its name and access, never a secret', () => {
    const data = { userId: 'u', tokenId: 't', name: 'shop sync', role: 'staff', readOnly: true, expiresAt: null };
    expect(eventSummary({ ...moved, type: 'ApiTokenCreated', data })).toBe('"shop sync" as staff, read-only');
    expect(eventSummary({ ...moved, type: 'ApiTokenRevoked', data: { userId: 'u', tokenId: 't', name: 'shop sync' } })).toBe('"shop sync"');
  });

  it('summarises a webhook disabled after repeated failure by its URL and attempts', () => {
    const data = { webhookId: 'w', url: 'https://shop.example/hooks', deliveryId: 'd', attempts: 34, reason: 'answered 500' };
    expect(eventSummary({ ...moved, type: 'WebhookDisabled', data })).toBe('https://shop.example/hooks after 34 failed attempts');
  });

  const itemChange = (kind: string, before: object | null, after: object): StoredEvent => ({
    ...moved,
    type: 'ItemChanged',
    data: { itemId: 'a', kind, before, after, quantity: 4, reason: null },
  });

  it('lists only the fields an item update changed, each with its value before and after', () => {
    const changed = itemChange('updated', { sku: 'A', name: 'x', description: 'old' }, { sku: 'A', name: 'y', description: '' });
    expect(eventChanges(changed)).toEqual([
      { field: 'name', before: 'x', after: 'y' },
      { field: 'description', before: 'old', after: '' },
    ]);
    expect(eventSummary(changed)).toBe('updated A');
  });

  it('has no diff for a creation or an archiving, whose payload says it all', () => {
    expect(eventChanges(itemChange('created', null, { sku: 'A' }))).toBeNull();
    expect(eventChanges(itemChange('archived', { sku: 'A' }, { sku: 'A' }))).toBeNull();
    expect(eventChanges({ ...moved, type: 'LowStockAlertRaised', data: { itemId: 'a', sku: 'A' } })).toBeNull();
  });

  it('reads a movement as a change of quantity and a role change as a change of role', () => {
    expect(eventChanges(moved)).toEqual([{ field: 'quantity', before: 10, after: 7 }]);
    const promoted = { ...moved, type: 'UserRoleChanged', data: { userId: 'u', from: 'staff', to: 'manager' } };
    expect(eventChanges(promoted)).toEqual([{ field: 'role', before: 'staff', after: 'manager' }]);
    expect(eventSummary(promoted)).toBe('staff → manager');
  });

  it('shows text as written, nothing as a dash and structures as JSON', () => {
    expect(shownValue('<script>\u202e')).toBe('<script>\u202e');
    expect(shownValue('')).toBe('(empty)');
    expect(shownValue(null)).toBe('—');
    expect(shownValue(undefined)).toBe('—');
    expect(shownValue(0)).toBe('0');
    expect(shownValue({ a: 1 })).toBe('{"a":1}');
  });
});
