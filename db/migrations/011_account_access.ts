import type { Knex } from 'knex';

/**
 * Accounts that can be switched off, passwords that must be changed, sessions one can recognise.
 *
 * `users.active`: the read model of UserDeactivated / UserReactivated; every signed-in request reads
 * it together with its session, so a deactivation counts on every replica at once.
 * `user_credentials.must_change`: set by a manager's reset, cleared by the user's own change; while
 * set, a sign-in gets a token that may only change the password.
 * `auth_sessions.address`, `user_agent`: where and with what the session signed in, for the
 * sessions list (not secrets, but not for the event log's every row either: the log has its own copy).
 * `auth_sessions.renewal_ended_at`: a role change ends the session's renewal (no refresh), while its
 * access token, which re-reads the role on every request, lives on to its expiry; `revoked_at` ends both.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE users ADD COLUMN active boolean NOT NULL DEFAULT true;
    DROP INDEX users_managers;
    CREATE INDEX users_active_managers ON users (id) WHERE role = 'manager' AND active;

    ALTER TABLE user_credentials ADD COLUMN must_change boolean NOT NULL DEFAULT false;

    ALTER TABLE auth_sessions ADD COLUMN address text, ADD COLUMN user_agent text, ADD COLUMN renewal_ended_at timestamptz;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE auth_sessions DROP COLUMN address, DROP COLUMN user_agent, DROP COLUMN renewal_ended_at;
    ALTER TABLE user_credentials DROP COLUMN must_change;
    DROP INDEX users_active_managers;
    CREATE INDEX users_managers ON users (id) WHERE role = 'manager';
    ALTER TABLE users DROP COLUMN active;
  `);
}
