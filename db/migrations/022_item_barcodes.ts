import type { Knex } from 'knex';

/**
 * Item barcodes (issue 21): `read_items.barcode`, null when the item has none, which is every item
 * before this migration (no event carried one): nothing to fill. Uniqueness is the event store's
 * (a `barcode` reservation); these indexes serve `GET /api/items/by-code/:code` (the exact barcode,
 * or the SKU as SKUs are unique: regardless of case) and the items search, which matches barcodes too.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE read_items ADD COLUMN barcode text;
    CREATE INDEX read_items_barcode ON read_items (barcode) WHERE barcode IS NOT NULL;
    CREATE INDEX read_items_sku_upper ON read_items (upper(sku));
    CREATE INDEX read_items_barcode_search ON read_items USING gin (barcode gin_trgm_ops) WHERE barcode IS NOT NULL;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP INDEX read_items_barcode_search;
    DROP INDEX read_items_sku_upper;
    DROP INDEX read_items_barcode;
    ALTER TABLE read_items DROP COLUMN barcode;
  `);
}
