import type { Knex } from 'knex';

/**
 * The hash chain computed per statement instead of per row (issue 24). The store's appends insert
 * their rows with the hash already computed, by `ims_chain` run as a window over the statement's
 * rows (backend/src/event-store/chained-rows.ts): each stream's predecessor hash is read once,
 * where the statement does not itself hold it, instead of one PL/pgSQL trigger call and one lookup
 * per row. The row trigger of migration 001 stays for inserts that bring no hash, and no longer
 * fires for those that do (`WHEN`, evaluated without a function call).
 *
 * What is hashed is unchanged, byte for byte: `ims_event_content` is the part of ims_event_hash
 * after the predecessor's hash, and ims_event_hash is now written with it. It was declared
 * IMMUTABLE around STABLE functions (concat_ws, convert_to), which kept the planner from inlining
 * it: every call ran the SQL function executor. Declared STABLE, both inline into the calling
 * statement.
 *
 * A hash an INSERT brings is stored as given: a wrong one is named by verification (which
 * recomputes every hash in Node, as it always has), and the anchor does not move past it. The
 * database checking it again at insert would prove nothing: any role that may insert can leave the
 * hash out and have the trigger compute a right one for whatever it writes.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE FUNCTION ims_event_content(
      stream_id text, stream_version integer, event_id uuid,
      type text, data jsonb, metadata jsonb, recorded_at timestamptz
    ) RETURNS bytea LANGUAGE sql STABLE PARALLEL SAFE AS $$
      SELECT convert_to(concat_ws(E'\\x1f',
        stream_id, stream_version::text, event_id::text, type, data::text, metadata::text,
        (extract(epoch FROM recorded_at) * 1000000)::bigint::text), 'UTF8')
    $$;

    CREATE OR REPLACE FUNCTION ims_event_hash(
      previous bytea, stream_id text, stream_version integer, event_id uuid,
      type text, data jsonb, metadata jsonb, recorded_at timestamptz
    ) RETURNS bytea LANGUAGE sql STABLE PARALLEL SAFE AS $$
      SELECT sha256(coalesce(previous, ''::bytea)
                    || ims_event_content(stream_id, stream_version, event_id, type, data, metadata, recorded_at))
    $$;

    -- One step of the chain over a statement's rows in insert order: a row that follows its stream
    -- predecessor in the statement chains to the running hash, any other to the predecessor stored
    -- (null for a stream's first event). A later version with no predecessor is refused as the
    -- row trigger refuses it: the writer's expected version was ahead of the stream.
    CREATE FUNCTION ims_chain_step(
      chained bytea, follows boolean, predecessor bytea, stream_id text, stream_version integer, content bytea
    ) RETURNS bytea LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
    BEGIN
      IF follows THEN
        RETURN sha256(chained || content);
      END IF;
      IF stream_version > 1 AND predecessor IS NULL THEN
        RAISE EXCEPTION 'stream % has no version % to follow', stream_id, stream_version - 1
          USING ERRCODE = 'foreign_key_violation';
      END IF;
      RETURN sha256(coalesce(predecessor, ''::bytea) || content);
    END $$;
    CREATE AGGREGATE ims_chain(follows boolean, predecessor bytea, stream_id text, stream_version integer, content bytea) (
      SFUNC = ims_chain_step, STYPE = bytea
    );

    DROP TRIGGER events_chain ON events;
    CREATE TRIGGER events_chain BEFORE INSERT ON events
      FOR EACH ROW WHEN (NEW.hash IS NULL) EXECUTE FUNCTION ims_events_before_insert();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TRIGGER events_chain ON events;
    CREATE TRIGGER events_chain BEFORE INSERT ON events
      FOR EACH ROW EXECUTE FUNCTION ims_events_before_insert();
    DROP AGGREGATE ims_chain(boolean, bytea, text, integer, bytea);
    DROP FUNCTION ims_chain_step(bytea, boolean, bytea, text, integer, bytea);
    CREATE OR REPLACE FUNCTION ims_event_hash(
      previous bytea, stream_id text, stream_version integer, event_id uuid,
      type text, data jsonb, metadata jsonb, recorded_at timestamptz
    ) RETURNS bytea LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT sha256(
        coalesce(previous, ''::bytea) || convert_to(concat_ws(E'\\x1f',
          stream_id, stream_version::text, event_id::text, type, data::text, metadata::text,
          (extract(epoch FROM recorded_at) * 1000000)::bigint::text), 'UTF8'))
    $$;
    DROP FUNCTION ims_event_content(text, integer, uuid, text, jsonb, jsonb, timestamptz);
  `);
}
