import type { Knex } from 'knex';

/**
 * Low-stock alert deliveries (backend/src/alerts). One row per `LowStockAlertRaised` event,
 * inserted by the alerts outbox consumer together with its checkpoint, and settled from the
 * alert's outcome event (`LowStockAlertSent`, `LowStockAlertPreviewed`, `LowStockAlertFailed`).
 * It is both the dispatcher's work queue (due pending rows are claimed for a lease, so the HTTP
 * call to the email function runs outside any transaction) and the read model of GET /api/alerts.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE alert_deliveries (
      alert_id            uuid        PRIMARY KEY,
      stream_id           text        NOT NULL UNIQUE,
      position            bigint      NOT NULL UNIQUE,
      item_id             uuid        NOT NULL,
      sku                 text        NOT NULL,
      name                text        NOT NULL,
      unit                text        NOT NULL,
      quantity            bigint      NOT NULL,
      threshold           bigint      NOT NULL,
      caused_by_position  bigint      NOT NULL,
      raised_at           timestamptz NOT NULL,
      state               text        NOT NULL CHECK (state IN ('pending', 'sent', 'preview', 'failed')),
      attempts            integer     NOT NULL DEFAULT 0,
      next_attempt_at     timestamptz NOT NULL,
      claimed_until       timestamptz,
      last_error          text,
      email               jsonb,
      settled_at          timestamptz
    );
    CREATE INDEX alert_deliveries_due ON alert_deliveries (next_attempt_at) WHERE state = 'pending';
    CREATE INDEX alert_deliveries_state ON alert_deliveries (state, position);
    CREATE INDEX alert_deliveries_item ON alert_deliveries (item_id, position);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DROP TABLE alert_deliveries;`);
}
