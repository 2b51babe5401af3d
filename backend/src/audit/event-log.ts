import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { InjectPool } from '../database/database.module';
import { verifyHashChain, type ChainVerdict } from '../event-store/hash-chain';
import { AUDIT_EVENT_COLUMNS, toAuditEvent, type AuditEvent, type AuditEventRow } from './audit-event';
import { settledHorizon } from './settled-horizon';

export interface EventFilter {
  readonly streamId?: string | undefined;
  readonly type?: string | undefined;
  readonly userId?: string | undefined;
  /** ISO 8601 date-times with a zone, read by PostgreSQL to the microsecond. */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

export interface EventLogPage {
  readonly events: readonly AuditEvent[];
  /** The last position of this page when more events match; pass it back as `after`. */
  readonly nextCursor: string | null;
  /** Every event up to this position is final: none can still appear below it. */
  readonly horizon: number;
}

export interface EventExport {
  readonly horizon: number;
  readonly events: AsyncIterable<AuditEvent>;
}

const EXPORT_BATCH = 1000;

/** Each condition is written as the index it is meant to use (migration 005) declares it. */
function conditions(filter: EventFilter, after: number, horizon: number): { where: string; params: unknown[] } {
  const params: unknown[] = [after, horizon];
  const where = ['position > $1', 'position <= $2'];
  const add = (condition: (placeholder: string) => string, value: unknown) => {
    params.push(value);
    where.push(condition(`$${params.length}`));
  };
  if (filter.streamId !== undefined) add((p) => `stream_id = ${p}`, filter.streamId);
  if (filter.type !== undefined) add((p) => `type = ${p}`, filter.type);
  if (filter.userId !== undefined) add((p) => `(metadata ->> 'userId') = ${p}`, filter.userId);
  if (filter.from !== undefined) add((p) => `recorded_at >= ${p}::timestamptz`, filter.from);
  if (filter.to !== undefined) add((p) => `recorded_at < ${p}::timestamptz`, filter.to);
  return { where: where.join(' AND '), params };
}

/**
 * The raw event log for auditors: filtered, in position order, paged by position. Reads stop at the
 * settled horizon, so a page boundary never passes an event that commits later.
 */
@Injectable()
export class EventLog {
  private verification: Promise<ChainVerdict> | undefined;

  constructor(@InjectPool() private readonly pool: Pool) {}

  async page(filter: EventFilter, after: number, limit: number): Promise<EventLogPage> {
    const horizon = await settledHorizon(this.pool);
    const rows = await this.read(filter, after, horizon, limit + 1);
    const events = rows.slice(0, limit);
    const last = events.at(-1);
    return { events, nextCursor: rows.length > limit && last ? String(last.position) : null, horizon };
  }

  /** Every matching event up to the horizon at the start, read in batches so no transaction stays open. */
  async export(filter: EventFilter, after: number): Promise<EventExport> {
    const horizon = await settledHorizon(this.pool);
    const read = (from: number) => this.read(filter, from, horizon, EXPORT_BATCH);
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

  /** The whole chain checked; concurrent callers share one running check rather than each scanning the log. */
  verify(): Promise<ChainVerdict> {
    this.verification ??= verifyHashChain(this.pool).finally(() => {
      this.verification = undefined;
    });
    return this.verification;
  }

  private async read(filter: EventFilter, after: number, horizon: number, limit: number): Promise<AuditEvent[]> {
    const { where, params } = conditions(filter, after, horizon);
    const { rows } = await this.pool.query<AuditEventRow>(
      `SELECT ${AUDIT_EVENT_COLUMNS} FROM events WHERE ${where} ORDER BY position LIMIT $${params.length + 1}`,
      [...params, limit],
    );
    return rows.map(toAuditEvent);
  }
}
