import type { Knex } from 'knex';

/**
 * Indexes for the items list at scale (100,000 items): a page sorted by name, and the page of
 * archived items, become index seeks instead of a sort of every item. A replay rebuilds the read
 * models as shadow copies of the live tables' definition, indexes included
 * (backend/src/projections/rebuild/shadow-tables.ts), so these are declared here only.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE INDEX read_items_name ON read_items (name, id);
    CREATE INDEX read_items_archived ON read_items (sku, id) WHERE archived;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DROP INDEX read_items_archived, read_items_name;`);
}
