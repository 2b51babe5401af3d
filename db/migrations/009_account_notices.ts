import type { Knex } from 'knex';

/**
 * When each account's owner was last told that someone tried to register with their email address,
 * so the registration form cannot be used to send an owner more than one notice an hour. Shared by
 * every API replica; like `auth_attempts`, it never enters the event log.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE account_notices (
      user_id      uuid        PRIMARY KEY,
      noticed_at   timestamptz NOT NULL
    );
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE account_notices');
}
