import { Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { InjectPool } from '../database';
import type { AttemptOutcome } from './delivery/webhook-post';

export type DeliveryState = 'pending' | 'delivered' | 'failed';

interface DeliveryRow {
  id: string;
  subscription_id: string;
  event_type: string;
  position: number | null;
  state: DeliveryState;
  attempts: number;
  created_at: Date;
  next_attempt_at: Date;
  last_attempt_at: Date | null;
  response_status: number | null;
  duration_ms: number | null;
  last_error: string | null;
  delivered_at: Date | null;
}

/** One delivery in the log, with its last attempt. */
export interface WebhookDeliveryView {
  /** Its `webhook-id`, the same on every attempt. */
  readonly id: string;
  readonly eventType: string;
  /** The event's global position; null for a test. */
  readonly position: number | null;
  readonly state: DeliveryState;
  /** Attempts since it was queued (or queued again with Redeliver). */
  readonly attempts: number;
  readonly createdAt: string;
  /** When the next attempt is due, while pending. */
  readonly nextAttemptAt: string | null;
  readonly lastAttemptAt: string | null;
  /** The last attempt's HTTP status; null when it got no answer. */
  readonly responseStatus: number | null;
  readonly durationMs: number | null;
  readonly lastError: string | null;
  readonly deliveredAt: string | null;
}

/** A new row of the outbox. */
export interface QueuedDelivery {
  readonly id: string;
  readonly subscriptionId: string;
  readonly eventType: string;
  readonly position: number | null;
  readonly body: string;
}

/** A subscription's oldest pending delivery, claimed by this process until its lease runs out. */
export interface ClaimedDelivery {
  readonly id: string;
  readonly subscriptionId: string;
  readonly url: string;
  readonly secret: string;
  readonly body: string;
  /** Attempts before this one. */
  readonly attempts: number;
  readonly giveUpAt: Date;
}

const COLUMNS = `id, subscription_id, event_type, position, state, attempts, created_at, next_attempt_at, last_attempt_at,
                 response_status, duration_ms, last_error, delivered_at`;

const toView = (row: DeliveryRow): WebhookDeliveryView => ({
  id: row.id,
  eventType: row.event_type,
  position: row.position,
  state: row.state,
  attempts: row.attempts,
  createdAt: row.created_at.toISOString(),
  nextAttemptAt: row.state === 'pending' ? row.next_attempt_at.toISOString() : null,
  lastAttemptAt: row.last_attempt_at?.toISOString() ?? null,
  responseStatus: row.response_status,
  durationMs: row.duration_ms,
  lastError: row.last_error,
  deliveredAt: row.delivered_at?.toISOString() ?? null,
});

/**
 * `webhook_deliveries`: the outbox the dispatcher works from and the delivery log. Each
 * subscription's deliveries go out one at a time in `seq` order: only its oldest pending one is
 * ever claimed, so a later message never overtakes one being retried.
 */
@Injectable()
export class WebhookDeliveries {
  constructor(@InjectPool() private readonly pool: Pool) {}

  /** Queues the deliveries in the given order (their `seq`), each to be given up `giveUpMs` from now. */
  async enqueue(deliveries: readonly QueuedDelivery[], giveUpMs: number, db: Pick<PoolClient, 'query'> = this.pool): Promise<void> {
    if (deliveries.length === 0) return;
    await db.query(
      `INSERT INTO webhook_deliveries (id, subscription_id, event_type, position, body, state, give_up_at)
       SELECT d.id, d.subscription_id, d.event_type, d.position, d.body, 'pending', now() + $6 * interval '1 millisecond'
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::bigint[], $5::text[]) WITH ORDINALITY
              AS d (id, subscription_id, event_type, position, body, n)
        ORDER BY d.n`,
      [
        deliveries.map((delivery) => delivery.id),
        deliveries.map((delivery) => delivery.subscriptionId),
        deliveries.map((delivery) => delivery.eventType),
        deliveries.map((delivery) => delivery.position),
        deliveries.map((delivery) => delivery.body),
        giveUpMs,
      ],
    );
  }

  /**
   * Claims the oldest pending delivery of up to `limit` active subscriptions, where it is due and
   * not claimed by a live lease, in one short statement; the POST happens after it, outside any
   * transaction. Two replicas racing for one row: the second re-reads the lease and skips it.
   */
  async claimHeads(limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    const { rows } = await this.pool.query<{
      id: string;
      subscription_id: string;
      url: string;
      secret: string;
      body: string;
      attempts: number;
      give_up_at: Date;
    }>(
      `WITH heads AS (
         SELECT h.id FROM webhook_subscriptions s
          CROSS JOIN LATERAL (SELECT d.id, d.next_attempt_at, d.claimed_until FROM webhook_deliveries d
                               WHERE d.subscription_id = s.id AND d.state = 'pending' ORDER BY d.seq LIMIT 1) h
          WHERE s.active AND h.next_attempt_at <= now() AND (h.claimed_until IS NULL OR h.claimed_until < now())
          LIMIT $1)
       UPDATE webhook_deliveries d
          SET claimed_until = now() + $2 * interval '1 millisecond'
         FROM heads, webhook_subscriptions s
        WHERE d.id = heads.id AND s.id = d.subscription_id AND d.state = 'pending'
          AND (d.claimed_until IS NULL OR d.claimed_until < now())
        RETURNING d.id, d.subscription_id, s.url, s.secret, d.body, d.attempts, d.give_up_at`,
      [limit, leaseMs],
    );
    return rows.map((row) => ({
      id: row.id,
      subscriptionId: row.subscription_id,
      url: row.url,
      secret: row.secret,
      body: row.body,
      attempts: row.attempts,
      giveUpAt: row.give_up_at,
    }));
  }

  /**
   * Records an attempt: `delivered`, `failed` (given up), or still pending with the next attempt
   * `retryInMs` from now.
   */
  async recordAttempt(
    id: string,
    attempts: number,
    outcome: AttemptOutcome,
    next: { state: DeliveryState; retryInMs?: number },
  ): Promise<void> {
    await this.pool.query(
      `UPDATE webhook_deliveries
          SET state = $3, attempts = $2, last_attempt_at = now(), response_status = $4, duration_ms = $5, last_error = $6,
              delivered_at = CASE WHEN $3 = 'delivered' THEN now() END,
              next_attempt_at = now() + $7 * interval '1 millisecond', claimed_until = NULL
        WHERE id = $1`,
      [id, attempts, next.state, outcome.status, outcome.durationMs, outcome.error, next.retryInMs ?? 0],
    );
  }

  /** The last `limit` deliveries, newest first. */
  async list(subscriptionId: string, limit: number): Promise<WebhookDeliveryView[]> {
    const { rows } = await this.pool.query<DeliveryRow>(
      `SELECT ${COLUMNS} FROM webhook_deliveries WHERE subscription_id = $1 ORDER BY seq DESC LIMIT $2`,
      [subscriptionId, limit],
    );
    return rows.map(toView);
  }

  async find(subscriptionId: string, id: string): Promise<WebhookDeliveryView | undefined> {
    const { rows } = await this.pool.query<DeliveryRow>(
      `SELECT ${COLUMNS} FROM webhook_deliveries WHERE subscription_id = $1 AND id = $2`,
      [subscriptionId, id],
    );
    return rows[0] && toView(rows[0]);
  }

  /**
   * Queues a delivery again, with the same `webhook-id` and body: due at once, its attempts counted
   * afresh and given up `giveUpMs` from now. Undefined for no such delivery of that subscription.
   */
  async requeue(subscriptionId: string, id: string, giveUpMs: number): Promise<WebhookDeliveryView | undefined> {
    const { rows } = await this.pool.query<DeliveryRow>(
      `UPDATE webhook_deliveries
          SET state = 'pending', attempts = 0, next_attempt_at = now(), give_up_at = now() + $3 * interval '1 millisecond',
              claimed_until = NULL, delivered_at = NULL
        WHERE subscription_id = $1 AND id = $2
        RETURNING ${COLUMNS}`,
      [subscriptionId, id, giveUpMs],
    );
    return rows[0] && toView(rows[0]);
  }
}
