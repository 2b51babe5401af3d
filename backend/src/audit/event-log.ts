import { Inject, Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { InjectPool, singleRow } from '../database';
import { verifyHashChain, type ChainVerdict } from '../event-store';
import { CHAIN_ANCHOR_FILE } from './chain-anchor-writer';
import { AUDIT_EVENT_COLUMNS, toAuditEvent, type AuditEvent, type AuditEventRow } from './audit-event';
import { settledHorizon } from './settled-horizon';

export interface EventFilter {
  readonly streamId?: string | undefined;
  readonly type?: string | undefined;
  /** Any of these types (a category, e.g. access); with `type`, both must hold. */
  readonly types?: readonly string[] | undefined;
  readonly userId?: string | undefined;
  /** ISO 8601 date-times with a zone, read by PostgreSQL to the microsecond. */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

export interface EventLogPage {
  readonly events: readonly AuditEvent[];
  /** The last position of this page when more events match; pass it back as `after` (oldest first) or `before` (newest first). */
  readonly nextCursor: string | null;
  /** Every event up to this position is final: none can still appear below it. */
  readonly horizon: number;
}

export interface EventExport {
  readonly horizon: number;
  readonly events: AsyncIterable<AuditEvent>;
}

const EXPORT_BATCH = 1000;
/** Rows the position index may walk from `after` before the time range's own bounds are worth an index-only scan. */
const WALK_LIMIT = 10_000;

/** First and last position of the events recorded in a time range. */
export interface PositionSpan {
  readonly first: number;
  readonly last: number;
}

export interface EventQuery {
  readonly text: string;
  readonly values: unknown[];
}

export const EVENT_ORDERS = ['asc', 'desc'] as const;
export type EventOrder = (typeof EVENT_ORDERS)[number];

/** Where a page lies: after `after` and before `before` (positions), read oldest first (`asc`) or newest first (`desc`). */
export interface PageWindow {
  readonly after: number;
  readonly before?: number | undefined;
  readonly order: EventOrder;
}

/** The highest position a page may show: the horizon, or just below `before`. */
const topOf = (window: PageWindow, horizon: number) => Math.min(horizon, (window.before ?? Infinity) - 1);

/**
 * Matching events of the window up to `horizon`, in its order. Each condition is written as the
 * index meant to serve it declares it (migration 005_event_log_indexes); every such index ends in
 * `position`, so a newest-first page is the same index read backwards.
 */
export function eventLogQuery(filter: EventFilter, window: PageWindow, horizon: number, limit: number, span?: PositionSpan): EventQuery {
  const params: unknown[] = [Math.max(window.after, (span?.first ?? 0) - 1), Math.min(topOf(window, horizon), span?.last ?? horizon)];
  const where = ['position > $1', 'position <= $2'];
  const add = (condition: (placeholder: string) => string, value: unknown) => {
    params.push(value);
    where.push(condition(`$${params.length}`));
  };
  if (filter.streamId !== undefined) add((p) => `stream_id = ${p}`, filter.streamId);
  if (filter.type !== undefined) add((p) => `type = ${p}`, filter.type);
  if (filter.types !== undefined) add((p) => `type = ANY(${p}::text[])`, filter.types);
  if (filter.userId !== undefined) add((p) => `(metadata ->> 'userId') = ${p}`, filter.userId);
  if (filter.from !== undefined) add((p) => `recorded_at >= ${p}::timestamptz`, filter.from);
  if (filter.to !== undefined) add((p) => `recorded_at < ${p}::timestamptz`, filter.to);
  params.push(limit);
  return {
    text: `SELECT ${AUDIT_EVENT_COLUMNS} FROM events WHERE ${where.join(' AND ')} ORDER BY position ${window.order === 'desc' ? 'DESC' : 'ASC'} LIMIT $${params.length}`,
    values: params,
  };
}

/**
 * The positions a time range confines the log to, when it is worth knowing. The planner assumes
 * matches spread evenly over positions, so for "the last 30 days" oldest first it walks the
 * position index from `after` through every older event, and for "up to a year ago" newest first
 * from the top through every newer one. A probe of the time index tells whether the range's near
 * end lies far from where the page starts; only then is the range's exact span read (an index-only
 * scan of the range). Exact, not the probe's guess: an event is recorded at its transaction's start
 * and may take its position later. `null`: nothing was recorded in the range.
 */
export async function spanOf(
  pool: Pick<Pool | PoolClient, 'query'>,
  filter: EventFilter,
  window: PageWindow,
  horizon: number,
): Promise<PositionSpan | null | undefined> {
  const newestFirst = window.order === 'desc';
  const nearEnd = newestFirst ? filter.to : filter.from;
  if (nearEnd === undefined) return undefined;
  const probe = await pool.query<{ position: number }>(
    newestFirst
      ? 'SELECT position FROM events WHERE recorded_at < $1::timestamptz ORDER BY recorded_at DESC, position DESC LIMIT 1'
      : 'SELECT position FROM events WHERE recorded_at >= $1::timestamptz ORDER BY recorded_at, position LIMIT 1',
    [nearEnd],
  );
  const near = probe.rows[0]?.position;
  if (near === undefined) return null;
  const walk = newestFirst ? topOf(window, horizon) - near : near - window.after;
  if (walk < WALK_LIMIT) return undefined;
  // OFFSET 0 keeps the planner from answering min/max by walking the position index: the very walk avoided here.
  const { rows } = await pool.query<{ first: number | null; last: number | null }>(
    `SELECT min(position) AS first, max(position) AS last
       FROM (SELECT position FROM events
              WHERE ($1::timestamptz IS NULL OR recorded_at >= $1::timestamptz)
                AND ($2::timestamptz IS NULL OR recorded_at < $2::timestamptz)
             OFFSET 0) AS recorded`,
    [filter.from ?? null, filter.to ?? null],
  );
  const { first, last } = singleRow(rows);
  return first === null || last === null ? null : { first, last };
}

/**
 * The raw event log for auditors: filtered, in position order, paged by position. Reads stop at the
 * settled horizon, so a page boundary never passes an event that commits later.
 */
@Injectable()
export class EventLog {
  private verification: Promise<ChainVerdict> | undefined;

  constructor(
    @InjectPool() private readonly pool: Pool,
    @Inject(CHAIN_ANCHOR_FILE) private readonly anchorFile: string | null = null,
  ) {}

  async page(filter: EventFilter, window: PageWindow, limit: number): Promise<EventLogPage> {
    const horizon = await settledHorizon(this.pool);
    const span = await spanOf(this.pool, filter, window, horizon);
    if (span === null) return { events: [], nextCursor: null, horizon };
    const rows = await this.read(filter, window, horizon, limit + 1, span);
    const events = rows.slice(0, limit);
    const last = events.at(-1);
    return { events, nextCursor: rows.length > limit && last ? String(last.position) : null, horizon };
  }

  /** Every matching event up to the horizon at the start, oldest first, read in batches so no transaction stays open. */
  async export(filter: EventFilter, after: number): Promise<EventExport> {
    const horizon = await settledHorizon(this.pool);
    const span = await spanOf(this.pool, filter, { after, order: 'asc' }, horizon);
    const read = async (from: number) =>
      span === null ? [] : this.read(filter, { after: from, order: 'asc' }, horizon, EXPORT_BATCH, span);
    async function* events(): AsyncGenerator<AuditEvent> {
      let position = after;
      for (;;) {
        const batch = await read(position);
        yield* batch;
        const last = batch.at(-1);
        if (!last || batch.length < EXPORT_BATCH) return;
        position = last.position;
      }
    }
    return { horizon, events: events() };
  }

  /** The whole chain checked, and compared with its anchor; concurrent callers share one running check rather than each scanning the log. */
  verify(): Promise<ChainVerdict> {
    this.verification ??= verifyHashChain(this.pool, { anchorFile: this.anchorFile ?? undefined }).finally(() => {
      this.verification = undefined;
    });
    return this.verification;
  }

  private async read(filter: EventFilter, window: PageWindow, horizon: number, limit: number, span?: PositionSpan): Promise<AuditEvent[]> {
    const { rows } = await this.pool.query<AuditEventRow>(eventLogQuery(filter, window, horizon, limit, span));
    return rows.map(toAuditEvent);
  }
}
