import { Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { InjectPool } from '../../database';
import type { StoredEvent } from '../../event-store';
import type { PendingAlertsSource } from '../../health';
import type { AlertEmailData, LowStockAlertRaisedData } from '../domain/alert-events';
import type { AlertState, AlertView } from './alert-view';

interface DeliveryRow {
  alert_id: string;
  stream_id: string;
  position: number;
  item_id: string;
  sku: string;
  name: string;
  unit: string;
  quantity: number;
  threshold: number;
  caused_by_position: number;
  location_id: string | null;
  location_code: string | null;
  raised_at: Date;
  state: AlertState;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  email: AlertEmailData | null;
  settled_at: Date | null;
}

/** A pending alert claimed for delivery by this process, until its lease runs out. */
export interface ClaimedAlert {
  readonly alertId: string;
  readonly streamId: string;
  readonly alert: LowStockAlertRaisedData;
  readonly raisedAt: Date;
  /** Calls made before this one. */
  readonly attempts: number;
}

export interface Settlement {
  readonly state: Exclude<AlertState, 'pending'>;
  readonly attempts: number;
  readonly email: AlertEmailData | null;
  readonly lastError: string | null;
  readonly settledAt: Date;
}

export interface AlertFilter {
  readonly state: AlertState | undefined;
  readonly itemId: string | undefined;
  /** Only alerts raised before this position (the previous page's last). */
  readonly before: number | undefined;
  readonly limit: number;
}

const COLUMNS = `alert_id, stream_id, position, item_id, sku, name, unit, quantity, threshold, caused_by_position,
                 location_id, location_code, raised_at, state, attempts, next_attempt_at, last_error, email, settled_at`;

type Queryable = Pick<Pool | PoolClient, 'query'>;

function toView(row: DeliveryRow): AlertView {
  return {
    id: row.alert_id,
    itemId: row.item_id,
    sku: row.sku,
    name: row.name,
    unit: row.unit,
    quantity: row.quantity,
    threshold: row.threshold,
    causedByPosition: row.caused_by_position,
    locationId: row.location_id,
    locationCode: row.location_code,
    position: row.position,
    raisedAt: row.raised_at.toISOString(),
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: row.state === 'pending' ? row.next_attempt_at.toISOString() : null,
    lastError: row.last_error,
    settledAt: row.settled_at?.toISOString() ?? null,
    email: row.email,
  };
}

/**
 * `alert_deliveries`: the outbox the dispatcher works from and the read model of GET /api/alerts.
 * Rows come from the alert events (`recordRaised`, `settle`, inside the outbox consumer's batch);
 * the dispatcher claims the due ones and notes failed attempts, the rest is the events' to say.
 */
@Injectable()
export class AlertDeliveries implements PendingAlertsSource {
  constructor(@InjectPool() private readonly pool: Pool) {}

  /** True when the row is new. */
  async recordRaised(event: StoredEvent<string, LowStockAlertRaisedData>, db: Queryable): Promise<boolean> {
    const { data } = event;
    const { rowCount } = await db.query(
      `INSERT INTO alert_deliveries
              (alert_id, stream_id, position, item_id, sku, name, unit, quantity, threshold, caused_by_position,
               location_id, location_code, raised_at, state, next_attempt_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'pending', now())
       ON CONFLICT (alert_id) DO NOTHING`,
      [
        event.eventId,
        event.streamId,
        event.position,
        data.itemId,
        data.sku,
        data.name,
        data.unit,
        data.quantity,
        data.threshold,
        data.causedByPosition,
        data.locationId ?? null,
        data.locationCode ?? null,
        event.recordedAt,
      ],
    );
    return rowCount === 1;
  }

  async settle(alertId: string, settlement: Settlement, db: Queryable): Promise<void> {
    await db.query(
      `UPDATE alert_deliveries
          SET state = $2, attempts = $3, email = $4::jsonb, last_error = $5, settled_at = $6,
              claimed_until = NULL
        WHERE alert_id = $1`,
      [
        alertId,
        settlement.state,
        settlement.attempts,
        settlement.email === null ? null : JSON.stringify(settlement.email),
        settlement.lastError,
        settlement.settledAt,
      ],
    );
  }

  /**
   * Claims up to `limit` pending alerts that are due and not claimed by a live lease, in one
   * short statement: the call to the function happens after it, outside any transaction.
   */
  async claimDue(limit: number, leaseMs: number): Promise<ClaimedAlert[]> {
    const { rows } = await this.pool.query<DeliveryRow>(
      `UPDATE alert_deliveries
          SET claimed_until = now() + $2 * interval '1 millisecond'
        WHERE alert_id IN (SELECT alert_id FROM alert_deliveries
                            WHERE state = 'pending' AND next_attempt_at <= now()
                              AND (claimed_until IS NULL OR claimed_until < now())
                            ORDER BY next_attempt_at
                            LIMIT $1
                              FOR UPDATE SKIP LOCKED)
        RETURNING ${COLUMNS}`,
      [limit, leaseMs],
    );
    return rows.map((row) => ({
      alertId: row.alert_id,
      streamId: row.stream_id,
      raisedAt: row.raised_at,
      attempts: row.attempts,
      alert: {
        itemId: row.item_id,
        sku: row.sku,
        name: row.name,
        unit: row.unit,
        quantity: row.quantity,
        threshold: row.threshold,
        causedByPosition: row.caused_by_position,
        ...(row.location_id !== null && { locationId: row.location_id }),
        ...(row.location_code !== null && { locationCode: row.location_code }),
      },
    }));
  }

  /** A failed attempt: try again after `delayMs`. */
  async retryLater(alertId: string, attempts: number, delayMs: number, lastError: string): Promise<void> {
    await this.pool.query(
      `UPDATE alert_deliveries
          SET attempts = $2, next_attempt_at = now() + $3 * interval '1 millisecond', last_error = $4, claimed_until = NULL
        WHERE alert_id = $1 AND state = 'pending'`,
      [alertId, attempts, delayMs, lastError],
    );
  }

  async countPending(): Promise<number> {
    const { rows } = await this.pool.query<{ pending: number }>(
      `SELECT count(*)::int AS pending FROM alert_deliveries WHERE state = 'pending'`,
    );
    return rows[0]?.pending ?? 0;
  }

  /** Newest first. */
  async list(filter: AlertFilter): Promise<AlertView[]> {
    const { rows } = await this.pool.query<DeliveryRow>(
      `SELECT ${COLUMNS} FROM alert_deliveries
        WHERE ($1::text IS NULL OR state = $1) AND ($2::uuid IS NULL OR item_id = $2)
          AND ($3::bigint IS NULL OR position < $3)
        ORDER BY position DESC
        LIMIT $4`,
      [filter.state ?? null, filter.itemId ?? null, filter.before ?? null, filter.limit],
    );
    return rows.map(toView);
  }
}
