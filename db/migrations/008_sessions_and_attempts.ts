import type { Knex } from 'knex';

/**
 * Sign-in state that every API replica must share, and that never enters the event log.
 *
 * `auth_sessions`: one row per sign-in (a refresh-token family), revoked as a whole on sign-out,
 * on a password or role change, and when one of its rotated-out tokens comes back (a copy is in
 * someone else's hands). `refresh_tokens`: the family's tokens, only as SHA-256 hashes (they are
 * 256 random bits, so a fast hash is enough); `rotated_at` marks the ones already traded in.
 *
 * `auth_attempts`: counters of sign-in failures and registrations per client address (and per
 * username and address), in fixed windows, so the limits hold across replicas and restarts.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE auth_sessions (
      id              uuid        PRIMARY KEY,
      user_id         uuid        NOT NULL,
      created_at      timestamptz NOT NULL DEFAULT now(),
      last_used_at    timestamptz NOT NULL DEFAULT now(),
      revoked_at      timestamptz,
      revoked_reason  text
    );
    CREATE INDEX auth_sessions_user ON auth_sessions (user_id) WHERE revoked_at IS NULL;
    CREATE INDEX auth_sessions_created ON auth_sessions (created_at);

    CREATE TABLE refresh_tokens (
      token_hash  bytea       PRIMARY KEY,
      session_id  uuid        NOT NULL REFERENCES auth_sessions (id) ON DELETE CASCADE,
      issued_at   timestamptz NOT NULL DEFAULT now(),
      rotated_at  timestamptz
    );
    CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id);

    CREATE TABLE auth_attempts (
      key         text        PRIMARY KEY,
      attempts    integer     NOT NULL,
      window_end  timestamptz NOT NULL
    );
    CREATE INDEX auth_attempts_window ON auth_attempts (window_end);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE refresh_tokens, auth_sessions, auth_attempts');
}
