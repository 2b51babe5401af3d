import type { Knex } from 'knex';

/**
 * Imports (issue 21): a previewed file's plan, kept under its id until a manager applies it.
 *
 * `rows` and `summary` are the preview as answered; `plan` the streams to append, each at the version
 * the preview was decided on, so that applying writes exactly what was previewed or, where an item
 * moved since, nothing. `applied_position` is the last event's position once applied: applying again
 * answers it without writing (the append's idempotency record guards a concurrent second apply).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE imports (
      id                uuid        PRIMARY KEY,
      kind              text        NOT NULL CHECK (kind IN ('items', 'movements')),
      created_by        uuid        NOT NULL,
      created_at        timestamptz NOT NULL DEFAULT now(),
      file_name         text        NOT NULL,
      rows              jsonb       NOT NULL,
      summary           jsonb       NOT NULL,
      plan              jsonb       NOT NULL,
      applied_at        timestamptz,
      applied_position  bigint
    );
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE imports');
}
