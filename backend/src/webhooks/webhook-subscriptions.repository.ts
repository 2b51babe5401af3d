import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { InjectPool, type Statements } from '../database';
import type { WebhookFormat } from './domain/webhook-body';
import type { WebhookTopic } from './domain/webhook-topics';

interface SubscriptionRow {
  id: string;
  url: string;
  events: WebhookTopic[];
  active: boolean;
  format: WebhookFormat;
  secret: string;
  created_at: Date;
  updated_at: Date;
  disabled_at: Date | null;
  disabled_reason: string | null;
}

/** A subscription as a manager sees it: never its secret, which only the creation's answer holds. */
export interface WebhookView {
  readonly id: string;
  readonly url: string;
  readonly events: readonly WebhookTopic[];
  readonly active: boolean;
  readonly format: WebhookFormat;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** When the dispatcher gave up on a delivery and disabled it; null once a manager reactivates it. */
  readonly disabledAt: string | null;
  readonly disabledReason: string | null;
}

/** What the outbox and the dispatcher need of a subscription. */
export interface WebhookTarget {
  readonly id: string;
  readonly url: string;
  readonly events: readonly string[];
  readonly format: WebhookFormat;
  readonly secret: string;
}

export interface WebhookSettingsChange {
  readonly url?: string | undefined;
  readonly events?: readonly WebhookTopic[] | undefined;
  readonly active?: boolean | undefined;
  readonly format?: WebhookFormat | undefined;
}

const COLUMNS = 'id, url, events, active, format, secret, created_at, updated_at, disabled_at, disabled_reason';

const toView = (row: SubscriptionRow): WebhookView => ({
  id: row.id,
  url: row.url,
  events: row.events,
  active: row.active,
  format: row.format,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
  disabledAt: row.disabled_at?.toISOString() ?? null,
  disabledReason: row.disabled_reason,
});

/** `webhook_subscriptions`. */
@Injectable()
export class WebhookSubscriptions {
  constructor(@InjectPool() private readonly pool: Pool) {}

  async create(subscription: WebhookTarget & { active: boolean; createdBy: string }): Promise<WebhookView> {
    const { rows } = await this.pool.query<SubscriptionRow>(
      `INSERT INTO webhook_subscriptions (id, url, events, active, format, secret, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
      [
        subscription.id,
        subscription.url,
        subscription.events,
        subscription.active,
        subscription.format,
        subscription.secret,
        subscription.createdBy,
      ],
    );
    const [row] = rows;
    if (!row) throw new Error('INSERT … RETURNING answered no row');
    return toView(row);
  }

  async list(): Promise<WebhookView[]> {
    const { rows } = await this.pool.query<SubscriptionRow>(`SELECT ${COLUMNS} FROM webhook_subscriptions ORDER BY created_at DESC, id`);
    return rows.map(toView);
  }

  async find(id: string): Promise<WebhookView | undefined> {
    const { rows } = await this.pool.query<SubscriptionRow>(`SELECT ${COLUMNS} FROM webhook_subscriptions WHERE id = $1`, [id]);
    return rows[0] && toView(rows[0]);
  }

  /** Reactivating clears the dispatcher's disabling. */
  async change(id: string, change: WebhookSettingsChange): Promise<WebhookView | undefined> {
    const { rows } = await this.pool.query<SubscriptionRow>(
      `UPDATE webhook_subscriptions
          SET url = coalesce($2, url), events = coalesce($3, events), active = coalesce($4, active), format = coalesce($5, format),
              disabled_at = CASE WHEN $4 THEN NULL ELSE disabled_at END,
              disabled_reason = CASE WHEN $4 THEN NULL ELSE disabled_reason END,
              updated_at = now()
        WHERE id = $1
        RETURNING ${COLUMNS}`,
      [id, change.url ?? null, change.events ?? null, change.active ?? null, change.format ?? null],
    );
    return rows[0] && toView(rows[0]);
  }

  async remove(id: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('DELETE FROM webhook_subscriptions WHERE id = $1', [id]);
    return rowCount === 1;
  }

  /** The active subscriptions, as the outbox's batch sees them (through its prepared statements: it asks at every batch). */
  async active(db: Statements): Promise<WebhookTarget[]> {
    const { rows } = await db.query<SubscriptionRow>(`SELECT ${COLUMNS} FROM webhook_subscriptions WHERE active ORDER BY id`);
    return rows;
  }

  async target(id: string): Promise<WebhookTarget | undefined> {
    const { rows } = await this.pool.query<SubscriptionRow>(`SELECT ${COLUMNS} FROM webhook_subscriptions WHERE id = $1`, [id]);
    return rows[0];
  }

  /** Disables an active subscription; false when it was not active (disabled already, or gone). */
  async disable(id: string, reason: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `UPDATE webhook_subscriptions SET active = false, disabled_at = now(), disabled_reason = $2, updated_at = now()
        WHERE id = $1 AND active`,
      [id, reason],
    );
    return rowCount === 1;
  }
}
