import type { Knex } from 'knex';

/**
 * The one-time links a manager has emailed for setting a new password. Only the sha-256 of the
 * link's token is kept, so a copy of the database opens no account. At most one live link per user
 * (a newer one replaces it); a use, a password change and a deactivation delete it. Like
 * `auth_sessions`, it never enters the event log: the log records the reset and the change.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE password_reset_links (
      token_hash   bytea       PRIMARY KEY,
      user_id      uuid        NOT NULL,
      created_at   timestamptz NOT NULL DEFAULT now(),
      expires_at   timestamptz NOT NULL
    );
    CREATE INDEX password_reset_links_user ON password_reset_links (user_id);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE password_reset_links');
}
