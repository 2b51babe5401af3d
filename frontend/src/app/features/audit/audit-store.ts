import { Injectable, inject, signal } from '@angular/core';
import type { Subscription } from 'rxjs';
import { ApiClient } from '../../core/api/api-client';
import type { ChainVerdict, EventQuery, StoredEvent, User } from '../../core/api/models';
import { saveBlob } from '../../shared/download';
import { LoadState } from '../../shared/load-state';

const AUDIT_PAGE = 100;

export interface AuditFilter {
  readonly itemId?: string;
  readonly type?: string;
  /** '' for every event, 'access' for sign-ins, sign-outs, password changes and resets, deactivations. */
  readonly category?: string;
  readonly userId?: string;
  /** `datetime-local` values, local time. */
  readonly from?: string;
  readonly to?: string;
  /** 'desc' newest first (the page's default), 'asc' oldest first. */
  readonly order?: EventOrder;
}

export type EventOrder = NonNullable<EventQuery['order']>;

const isoOrUndefined = (local: string | undefined) => (local ? new Date(local).toISOString() : undefined);

/** The API's query for a filter: items are streams `item-<id>`, times go as ISO instants. */
export function eventQuery(filter: AuditFilter): EventQuery {
  return {
    streamId: filter.itemId ? `item-${filter.itemId}` : undefined,
    type: filter.type || undefined,
    category: filter.category === 'access' ? 'access' : undefined,
    userId: filter.userId || undefined,
    from: isoOrUndefined(filter.from),
    to: isoOrUndefined(filter.to),
  };
}

/** The event log for managers, in position order (newest or oldest first): filtered pages, CSV export, and the hash chain's verdict. */
@Injectable()
export class AuditStore {
  private readonly api = inject(ApiClient);
  private filter: AuditFilter = {};
  private nextCursor: string | null = null;
  private request: Subscription | undefined;
  readonly state = new LoadState();
  private readonly verification = new LoadState();
  private readonly download = new LoadState();

  readonly events = signal<readonly StoredEvent[]>([]);
  readonly hasMore = signal(false);
  /** The order of the events shown: a new search's order once its first page arrives. */
  readonly order = signal<EventOrder>('desc');
  readonly loading = this.state.loading;
  readonly users = signal<readonly User[]>([]);
  readonly verdict = signal<ChainVerdict | null>(null);
  readonly verifying = this.verification.loading;
  readonly verifyError = this.verification.error;
  readonly exporting = this.download.loading;
  readonly exportError = this.download.error;

  loadUsers(): void {
    this.api.listUsers().subscribe({ next: (users) => this.users.set(users), error: () => this.users.set([]) });
  }

  /** The first page for the filter; what is shown stays until it arrives, so a new search never flashes "nothing". */
  search(filter: AuditFilter): void {
    this.filter = filter;
    this.nextCursor = null;
    this.fetch(undefined);
  }

  loadMore(): void {
    const cursor = this.nextCursor;
    if (cursor !== null && !this.loading()) this.fetch(Number(cursor));
  }

  /** The request that failed again: the first page, or the next one after those shown. */
  retry(): void {
    this.fetch(this.nextCursor === null ? undefined : Number(this.nextCursor));
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

  private fetch(cursor: number | undefined): void {
    // A new search supersedes the one still under way, whose answer would otherwise land last.
    this.request?.unsubscribe();
    const order = this.filter.order ?? 'desc';
    const page = order === 'desc' ? { order, before: cursor } : { order, after: cursor };
    this.request = this.state.track(this.api.listEvents({ ...eventQuery(this.filter), ...page, limit: AUDIT_PAGE })).subscribe((page) => {
      this.events.update((shown) => (cursor === undefined ? page.events : [...shown, ...page.events]));
      this.order.set(order);
      this.nextCursor = page.nextCursor;
      this.hasMore.set(page.nextCursor !== null);
    });
  }
}
