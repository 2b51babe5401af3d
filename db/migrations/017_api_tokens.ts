import type { Knex } from 'knex';

/**
 * Personal API tokens (issue 23) and service accounts.
 *
 * `api_tokens`: one row per token, the secret kept only as its SHA-256 (256 random bits, so a fast
 * hash is enough). Every request with a token reads its row joined with its user, so a revocation,
 * an expiry or the user's deactivation counts at once on every replica. `role` is the most the token
 * may do (never above its user's role at the time of the request); `last_used_at` is written at most
 * about once a minute per token and replica. A token's revocation is announced on
 * `ims_api_tokens_ended` (payload: its id) by a trigger, like a session's end (016), so every replica
 * closes its open sockets at once.
 *
 * `users.service`: the read model of `UserRegistered.service`: an account for a script, which has no
 * password and never signs in; a manager creates its tokens.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE api_tokens (
      id            uuid        PRIMARY KEY,
      user_id       uuid        NOT NULL,
      name          text        NOT NULL,
      role          text        NOT NULL,
      read_only     boolean     NOT NULL,
      token_hash    bytea       NOT NULL UNIQUE,
      created_by    uuid        NOT NULL,
      created_at    timestamptz NOT NULL DEFAULT now(),
      expires_at    timestamptz,
      last_used_at  timestamptz,
      revoked_at    timestamptz
    );
    CREATE INDEX api_tokens_user ON api_tokens (user_id) WHERE revoked_at IS NULL;

    CREATE FUNCTION announce_api_token_end() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('ims_api_tokens_ended', NEW.id::text);
      RETURN NULL;
    END $$;

    CREATE TRIGGER api_tokens_announce_end
      AFTER UPDATE OF revoked_at ON api_tokens
      FOR EACH ROW WHEN (OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL)
      EXECUTE FUNCTION announce_api_token_end();

    ALTER TABLE users ADD COLUMN service boolean NOT NULL DEFAULT false;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE users DROP COLUMN service;
    DROP TABLE api_tokens;
    DROP FUNCTION announce_api_token_end();
  `);
}
