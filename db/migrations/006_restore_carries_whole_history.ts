import type { Knex } from 'knex';

/**
 * A logical dump restored into a fresh cluster carries two kinds of transaction ids: those ahead of
 * the new counter (unreadable) and those behind it (readable). Moving only the first kind to the
 * carried-over id put them before older events of the same streams. The restore repair now moves
 * every restored event to the carried-over id ('3'), so restored history reads in position order,
 * which within a stream is version order. As before, nothing the hash covers may change.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE OR REPLACE FUNCTION ims_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE'
         AND current_setting('ims.repairing_restore', true) = 'on'
         AND (to_jsonb(OLD) - 'transaction_id') = (to_jsonb(NEW) - 'transaction_id')
         AND NEW.transaction_id = '3'::xid8
      THEN
        RETURN NEW;
      END IF;
      RAISE EXCEPTION 'events are append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
    END $$;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE OR REPLACE FUNCTION ims_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
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
  `);
}
