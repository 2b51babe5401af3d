import type { Knex } from 'knex';

/**
 * Reversals (a `StockMoved` or `StockTransferred` with `reverses`: the movement it corrects). The
 * history keeps the corrected movement's id on the correction's row; a row's `reversedBy` is looked
 * up through the partial index on it, so applying a reversal never rewrites the original's row. A
 * reversal finds the movement it corrects by its id.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE read_item_history ADD COLUMN reverses uuid;
    CREATE INDEX read_item_history_reverses ON read_item_history (reverses) WHERE reverses IS NOT NULL;
    CREATE INDEX read_item_history_movement ON read_item_history (movement_id) WHERE movement_id IS NOT NULL;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP INDEX read_item_history_movement;
    ALTER TABLE read_item_history DROP COLUMN reverses;
  `);
}
