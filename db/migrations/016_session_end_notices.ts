import type { Knex } from 'knex';

/**
 * A session's end is announced on `ims_sessions_ended` (payload: the session id), so that every
 * replica closes that session's open sockets at once instead of at its next heartbeat's re-check.
 * A trigger, so that no way of ending a session (one, all of a user's, a password change, a
 * deactivation) can forget to announce it; the notice goes out only when the ending commits.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE FUNCTION announce_session_end() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('ims_sessions_ended', NEW.id::text);
      RETURN NULL;
    END $$;

    CREATE TRIGGER auth_sessions_announce_end
      AFTER UPDATE OF revoked_at ON auth_sessions
      FOR EACH ROW WHEN (OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL)
      EXECUTE FUNCTION announce_session_end();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TRIGGER auth_sessions_announce_end ON auth_sessions;
    DROP FUNCTION announce_session_end();
  `);
}
