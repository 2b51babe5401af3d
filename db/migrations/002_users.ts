import type { Knex } from 'knex';

/**
 * Accounts. `users` is the read model of the `user-<id>` streams (UserRegistered, UserRoleChanged),
 * written only by the users projector together with its checkpoint, so it can be rebuilt from the log.
 * Password hashes are secrets and never enter the log: they live in `user_credentials`, written
 * before the registration event; a credential whose event never committed belongs to nobody.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE users (
      id          uuid        PRIMARY KEY,
      username    text        NOT NULL,
      email       text        NOT NULL,
      role        text        NOT NULL CHECK (role IN ('manager', 'staff')),
      version     integer     NOT NULL,
      created_at  timestamptz NOT NULL,
      updated_at  timestamptz NOT NULL
    );
    CREATE UNIQUE INDEX users_username_unique ON users (lower(username));
    CREATE UNIQUE INDEX users_email_unique ON users (lower(email));
    CREATE INDEX users_managers ON users (id) WHERE role = 'manager';

    CREATE TABLE user_credentials (
      user_id        uuid        PRIMARY KEY,
      password_hash  text        NOT NULL,
      created_at     timestamptz NOT NULL DEFAULT now()
    );
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE user_credentials, users');
}
