import type { Knex } from 'knex';

/**
 * Webhooks (issue 23).
 *
 * `webhook_subscriptions`: a manager's subscription; `secret` is the Standard Webhooks signing key
 * (`whsec_` + base64), kept as is because every delivery is signed with it. A subscription the
 * dispatcher gave up on is made inactive with `disabled_at` and `disabled_reason`.
 *
 * `webhook_deliveries`: the outbox. Rows come from the live feed's messages, written by the outbox
 * consumer in the same transaction as its checkpoint (`checkpoints.name = 'webhooks.outbox'`), so a
 * message enters it once and a replay of the read models never reaches it; a test ping is a row
 * too. `seq` is the order of delivery within a subscription (its oldest pending row goes first);
 * `body` is the exact text signed and sent, the same on every attempt; `id` is the `webhook-id`.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE webhook_subscriptions (
      id               uuid        PRIMARY KEY,
      url              text        NOT NULL,
      events           text[]      NOT NULL,
      active           boolean     NOT NULL,
      format           text        NOT NULL CHECK (format IN ('standard', 'slack')),
      secret           text        NOT NULL,
      created_by       uuid        NOT NULL,
      created_at       timestamptz NOT NULL DEFAULT now(),
      updated_at       timestamptz NOT NULL DEFAULT now(),
      disabled_at      timestamptz,
      disabled_reason  text
    );

    CREATE TABLE webhook_deliveries (
      id               uuid        PRIMARY KEY,
      seq              bigserial   NOT NULL UNIQUE,
      subscription_id  uuid        NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
      event_type       text        NOT NULL,
      position         bigint,
      body             text        NOT NULL,
      state            text        NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
      attempts         integer     NOT NULL DEFAULT 0,
      created_at       timestamptz NOT NULL DEFAULT now(),
      give_up_at       timestamptz NOT NULL,
      next_attempt_at  timestamptz NOT NULL DEFAULT now(),
      claimed_until    timestamptz,
      last_attempt_at  timestamptz,
      response_status  integer,
      duration_ms      integer,
      last_error       text,
      delivered_at     timestamptz
    );
    CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (subscription_id, seq) WHERE state = 'pending';
    CREATE INDEX webhook_deliveries_log ON webhook_deliveries (subscription_id, seq DESC);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE webhook_deliveries, webhook_subscriptions');
}
