import type { Knex } from 'knex';

/**
 * The restore repair (ops repair-restore) becomes the one way to move transaction ids, and leaves
 * a record. Until now any role with UPDATE on events could `SET ims.repairing_restore = on` and
 * rewrite them. Now the trigger lets the change through only for the events table's owner, with
 * the setting on: which is what ims_repair_restore, SECURITY DEFINER and owned by the owner, is
 * while it runs. Only the owner (and superusers) may execute it. The owner could switch the
 * triggers off anyway; what is closed is the door for everyone else.
 *
 * Each call moves the next batch (so no transaction stays open long, and a crash resumes).
 * restore_repairs holds one row per repair: who, when, how many checkpoints and events it moved.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE restore_repairs (
      id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      started_at         timestamptz NOT NULL DEFAULT now(),
      finished_at        timestamptz,
      repaired_by        text        NOT NULL DEFAULT session_user,
      checkpoints_moved  integer     NOT NULL DEFAULT 0,
      events_moved       bigint      NOT NULL DEFAULT 0,
      first_position     bigint,
      last_position      bigint
    );
    CREATE UNIQUE INDEX restore_repairs_one_open ON restore_repairs ((true)) WHERE finished_at IS NULL;

    CREATE FUNCTION ims_repair_restore(batch_size integer) RETURNS integer
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    DECLARE
      repair bigint;
      moved_checkpoints integer := 0;
      moved integer;
      first_moved bigint;
      last_moved bigint;
    BEGIN
      SELECT id INTO repair FROM restore_repairs WHERE finished_at IS NULL FOR UPDATE;
      IF repair IS NULL THEN
        IF NOT EXISTS (SELECT 1 FROM events WHERE transaction_id >= pg_snapshot_xmax(pg_current_snapshot())) THEN
          RETURN 0;
        END IF;
        INSERT INTO restore_repairs DEFAULT VALUES RETURNING id INTO repair;
        -- Each consumer resumes at the first event it had not taken yet, in the carried-over order.
        UPDATE checkpoints c
           SET transaction_id = '3'::xid8,
               position = coalesce((SELECT min(e.position) - 1 FROM events e
                                     WHERE (e.transaction_id, e.position) > (c.transaction_id, c.position)), c.position),
               updated_at = now()
         WHERE c.transaction_id <> '3'::xid8;
        GET DIAGNOSTICS moved_checkpoints = ROW_COUNT;
      END IF;

      PERFORM set_config('ims.repairing_restore', 'on', true);
      WITH moved_events AS (
        UPDATE events SET transaction_id = '3'::xid8
         WHERE position IN (SELECT position FROM events WHERE transaction_id <> '3'::xid8 ORDER BY position LIMIT batch_size)
        RETURNING position)
      SELECT count(*), min(position), max(position) INTO moved, first_moved, last_moved FROM moved_events;
      PERFORM set_config('ims.repairing_restore', 'off', true);

      UPDATE restore_repairs
         SET checkpoints_moved = checkpoints_moved + moved_checkpoints,
             events_moved = events_moved + moved,
             first_position = coalesce(first_position, first_moved),
             last_position = coalesce(last_moved, last_position),
             finished_at = CASE WHEN moved = 0 THEN now() END
       WHERE id = repair;
      RETURN moved;
    END $$;
    REVOKE ALL ON FUNCTION ims_repair_restore(integer) FROM PUBLIC;

    CREATE OR REPLACE FUNCTION ims_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE'
         AND current_setting('ims.repairing_restore', true) = 'on'
         AND (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = current_user) = (SELECT relowner FROM pg_catalog.pg_class WHERE oid = TG_RELID)
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
         AND NEW.transaction_id = '3'::xid8
      THEN
        RETURN NEW;
      END IF;
      RAISE EXCEPTION 'events are append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
    END $$;
    DROP FUNCTION ims_repair_restore(integer);
    DROP TABLE restore_repairs;
  `);
}
