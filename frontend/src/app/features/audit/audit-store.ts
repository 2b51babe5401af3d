import { Injectable, inject, signal } from '@angular/core';
import { ApiClient } from '../../core/api/api-client';
import type { ChainVerdict, EventQuery, StoredEvent, User } from '../../core/api/models';
import { saveBlob } from '../../shared/download';
import { LoadState } from '../../shared/load-state';

const AUDIT_PAGE = 100;

export interface AuditFilter {
  readonly itemId?: string;
  readonly type?: string;
  readonly userId?: string;
  /** `datetime-local` values, local time. */
  readonly from?: string;
  readonly to?: string;
}

const isoOrUndefined = (local: string | undefined) => (local ? new Date(local).toISOString() : undefined);

/** The API's query for a filter: items are streams `item-<id>`, times go as ISO instants. */
export function eventQuery(filter: AuditFilter): EventQuery {
  return {
    streamId: filter.itemId ? `item-${filter.itemId}` : undefined,
    type: filter.type || undefined,
    userId: filter.userId || undefined,
    from: isoOrUndefined(filter.from),
    to: isoOrUndefined(filter.to),
  };
}

type Data = Record<string, unknown>;
const asData = (value: unknown): Data => (typeof value === 'object' && value !== null ? (value as Data) : {});

/** The state before and after the event, where the event records it. */
export function beforeAfter(event: StoredEvent): { before: unknown; after: unknown } | null {
  const data = asData(event.data);
  if ('before' in data || 'after' in data) return { before: data['before'] ?? null, after: data['after'] ?? null };
  if ('quantityBefore' in data) return { before: { quantity: data['quantityBefore'] }, after: { quantity: data['quantityAfter'] } };
  return null;
}

/** One line saying what happened. */
export function eventSummary(event: StoredEvent): string {
  const data = asData(event.data);
  const after = asData(data['after']);
  const before = asData(data['before']);
  switch (event.type) {
    case 'StockMoved':
      return `${String(data['type'])} ${String(data['quantity'])}: ${String(data['quantityBefore'])} → ${String(data['quantityAfter'])}`;
    case 'ItemChanged': {
      const sku = after['sku'] ?? before['sku'];
      return `${String(data['kind'])} ${typeof sku === 'string' ? sku : ''}`.trim();
    }
    default:
      return typeof data['sku'] === 'string' ? data['sku'] : '';
  }
}

/** The event log for managers: filtered pages, CSV export, and the hash chain's verdict. */
@Injectable()
export class AuditStore {
  private readonly api = inject(ApiClient);
  private filter: AuditFilter = {};
  private nextCursor: string | null = null;
  private readonly state = new LoadState();
  private readonly verification = new LoadState();
  private readonly download = new LoadState();

  readonly events = signal<readonly StoredEvent[]>([]);
  readonly hasMore = signal(false);
  readonly loading = this.state.loading;
  readonly error = this.state.error;
  readonly users = signal<readonly User[]>([]);
  readonly verdict = signal<ChainVerdict | null>(null);
  readonly verifying = this.verification.loading;
  readonly verifyError = this.verification.error;
  readonly exporting = this.download.loading;
  readonly exportError = this.download.error;

  loadUsers(): void {
    this.api.listUsers().subscribe({ next: (users) => this.users.set(users), error: () => this.users.set([]) });
  }

  search(filter: AuditFilter): void {
    this.filter = filter;
    this.events.set([]);
    this.nextCursor = null;
    this.fetch(undefined);
  }

  loadMore(): void {
    const cursor = this.nextCursor;
    if (cursor !== null && !this.loading()) this.fetch(Number(cursor));
  }

  verify(): void {
    this.verdict.set(null);
    this.verification.track(this.api.verifyEvents()).subscribe((verdict) => this.verdict.set(verdict));
  }

  exportCsv(): void {
    this.download
      .track(this.api.exportEvents(eventQuery(this.filter)))
      .subscribe((blob) => saveBlob(blob, `ims-events-${new Date().toISOString().slice(0, 10)}.csv`));
  }

  private fetch(after: number | undefined): void {
    this.state.track(this.api.listEvents({ ...eventQuery(this.filter), after, limit: AUDIT_PAGE })).subscribe((page) => {
      this.events.update((shown) => [...shown, ...page.events]);
      this.nextCursor = page.nextCursor;
      this.hasMore.set(page.nextCursor !== null);
    });
  }
}
