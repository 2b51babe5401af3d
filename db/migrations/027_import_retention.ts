import type { Knex } from 'knex';

/**
 * Imports are no longer kept whole forever (issue 21). A preview's `plan` and `rows` (tens of megabytes
 * for the largest file) are dropped once it is applied (applying again answers from `applied_position`)
 * or once it is older than IMS_IMPORT_PREVIEW_HOURS without being applied (applying it then answers
 * 410); what stays is the record of the import: who, when, which file, its summary and where it landed.
 * The partial index keeps the sweep that runs with each new upload to a probe of the imports still holding a plan.
 *
 * Plans kept before this migration lack the file rows each stream comes from, which applying now
 * names when it refuses a stale plan: they are dropped here, so such a preview answers as expired.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE imports ALTER COLUMN rows DROP NOT NULL, ALTER COLUMN plan DROP NOT NULL;
    UPDATE imports SET rows = NULL, plan = NULL;
    CREATE INDEX imports_holding_plans ON imports (created_at) WHERE plan IS NOT NULL;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP INDEX imports_holding_plans;
    DELETE FROM imports WHERE plan IS NULL;
    ALTER TABLE imports ALTER COLUMN rows SET NOT NULL, ALTER COLUMN plan SET NOT NULL;
  `);
}
