import type { Knex } from 'knex';

/**
 * The event store: an append-only log of streams.
 *
 * Readers order by (transaction_id, position) and only read transactions older than the
 * snapshot's xmin, so an event whose transaction commits late is never skipped.
 * Each event's hash chains to its predecessor in the same stream; see ims_event_hash.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE events (
      position        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      transaction_id  xid8        NOT NULL DEFAULT pg_current_xact_id(),
      stream_id       text        NOT NULL CHECK (length(stream_id) BETWEEN 1 AND 200),
      stream_version  integer     NOT NULL CHECK (stream_version > 0),
      event_id        uuid        NOT NULL DEFAULT gen_random_uuid(),
      type            text        NOT NULL CHECK (length(type) BETWEEN 1 AND 200),
      data            jsonb       NOT NULL,
      metadata        jsonb       NOT NULL DEFAULT '{}'::jsonb,
      recorded_at     timestamptz NOT NULL DEFAULT now(),
      hash            bytea       NOT NULL,
      CONSTRAINT events_stream_version_unique UNIQUE (stream_id, stream_version),
      CONSTRAINT events_event_id_unique UNIQUE (event_id)
    );
    CREATE INDEX events_transaction_order ON events (transaction_id, position);

    CREATE FUNCTION ims_event_hash(
      previous bytea, stream_id text, stream_version integer, event_id uuid,
      type text, data jsonb, metadata jsonb, recorded_at timestamptz
    ) RETURNS bytea LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT sha256(
        coalesce(previous, ''::bytea) || convert_to(concat_ws(E'\\x1f',
          stream_id, stream_version::text, event_id::text, type, data::text, metadata::text,
          (extract(epoch FROM recorded_at) * 1000000)::bigint::text), 'UTF8'))
    $$;

    CREATE FUNCTION ims_events_before_insert() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      previous bytea;
    BEGIN
      IF NEW.stream_version > 1 THEN
        SELECT e.hash INTO previous FROM events e
         WHERE e.stream_id = NEW.stream_id AND e.stream_version = NEW.stream_version - 1;
        IF previous IS NULL THEN
          RAISE EXCEPTION 'stream % has no version % to follow', NEW.stream_id, NEW.stream_version - 1
            USING ERRCODE = 'foreign_key_violation';
        END IF;
      END IF;
      NEW.hash := ims_event_hash(previous, NEW.stream_id, NEW.stream_version, NEW.event_id,
                                 NEW.type, NEW.data, NEW.metadata, NEW.recorded_at);
      RETURN NEW;
    END $$;
    CREATE TRIGGER events_chain BEFORE INSERT ON events
      FOR EACH ROW EXECUTE FUNCTION ims_events_before_insert();

    -- The only permitted change: after a logical restore, transaction ids from the old cluster
    -- are moved below the new cluster's counter (ops repair-restore); nothing hashed may change.
    CREATE FUNCTION ims_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE'
         AND current_setting('ims.repairing_restore', true) = 'on'
         AND (to_jsonb(OLD) - 'transaction_id') = (to_jsonb(NEW) - 'transaction_id')
         AND OLD.transaction_id >= pg_snapshot_xmax(pg_current_snapshot())
      THEN
        RETURN NEW;
      END IF;
      RAISE EXCEPTION 'events are append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
    END $$;
    CREATE TRIGGER events_refuse_update_delete BEFORE UPDATE OR DELETE ON events
      FOR EACH ROW EXECUTE FUNCTION ims_events_refuse_change();
    CREATE TRIGGER events_refuse_truncate BEFORE TRUNCATE ON events
      FOR EACH STATEMENT EXECUTE FUNCTION ims_events_refuse_change();

    -- One small NOTIFY per statement: NOTIFY serialises commits, so never one per row.
    CREATE FUNCTION ims_events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('ims_events', (SELECT max(position)::text FROM appended));
      RETURN NULL;
    END $$;
    CREATE TRIGGER events_notify AFTER INSERT ON events
      REFERENCING NEW TABLE AS appended
      FOR EACH STATEMENT EXECUTE FUNCTION ims_events_notify();

    CREATE TABLE checkpoints (
      name            text PRIMARY KEY,
      transaction_id  xid8        NOT NULL DEFAULT '0',
      position        bigint      NOT NULL DEFAULT 0,
      updated_at      timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE idempotency_keys (
      scope         text        NOT NULL,
      key           text        NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
      request_hash  text        NOT NULL,
      result        jsonb       NOT NULL,
      created_at    timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (scope, key)
    );

    CREATE TABLE reservations (
      kind        text        NOT NULL,
      value       text        NOT NULL,
      stream_id   text        NOT NULL,
      created_at  timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (kind, value)
    );

    CREATE TABLE store_epoch (
      singleton          boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
      epoch              uuid        NOT NULL DEFAULT gen_random_uuid(),
      system_identifier  text,
      reason             text        NOT NULL,
      changed_at         timestamptz NOT NULL DEFAULT now()
    );
    INSERT INTO store_epoch (reason) VALUES ('created');
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TABLE store_epoch, reservations, idempotency_keys, checkpoints;
    DROP TABLE events;
    DROP FUNCTION ims_events_notify(), ims_events_refuse_change(), ims_events_before_insert(),
      ims_event_hash(bytea, text, integer, uuid, text, jsonb, jsonb, timestamptz);
  `);
}
