import type { Knex } from 'knex';

/**
 * Transfers (a `StockTransferred` event moves an item's units between two locations). The history
 * keeps one row per transfer: `location_id` is where the units came from, `to_location_id` where they
 * went (null on every other row), so the movements list filtered by location finds a transfer at
 * either end.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE read_item_history ADD COLUMN to_location_id uuid;
    CREATE INDEX read_item_history_to_location ON read_item_history (to_location_id, at, position) WHERE to_location_id IS NOT NULL;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE read_item_history DROP COLUMN to_location_id;`);
}
