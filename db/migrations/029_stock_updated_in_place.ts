import type { Knex } from 'knex';

/**
 * A movement changes an item's quantity in `read_items` and at its location in `read_item_stock`.
 * PostgreSQL updates a row in place (a heap-only tuple: no index touched) only when no column an
 * index reads has changed, and a partial index reads the columns of its predicate: `quantity` was in
 * three (reorder due, stocked at a location, low at a location), so every movement wrote a new entry
 * into every index of both tables, the two trigram indexes of the items' search included. The
 * predicates now read stored booleans, which change only when a movement crosses the line; and both
 * tables leave a fifth of each page free, for the new version of a row beside the old.
 *
 * The fillfactor is set before the columns are added, whose rewrite of each table applies it. A
 * replay's shadow copy left by a crash lacks the columns: it is dropped, and the replay starts over
 * (backend/src/projections/rebuild/shadow-tables.ts).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TABLE IF EXISTS read_items__replay, read_item_stock__replay;
    ALTER TABLE read_items SET (fillfactor = 80);
    ALTER TABLE read_items ADD COLUMN reorder_due boolean GENERATED ALWAYS AS (quantity <= reorder_point) STORED;
    DROP INDEX read_items_reorder;
    CREATE INDEX read_items_reorder ON read_items (sku) WHERE reorder_due;

    ALTER TABLE read_item_stock SET (fillfactor = 80);
    ALTER TABLE read_item_stock
      ADD COLUMN stocked boolean GENERATED ALWAYS AS (quantity <> 0) STORED,
      ADD COLUMN low_stock boolean GENERATED ALWAYS AS (quantity <= low_stock_threshold) STORED;
    DROP INDEX read_item_stock_location, read_item_stock_low;
    CREATE INDEX read_item_stock_location ON read_item_stock (location_id, item_id) WHERE stocked;
    CREATE INDEX read_item_stock_low ON read_item_stock (item_id) WHERE low_stock;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP INDEX read_item_stock_low, read_item_stock_location;
    ALTER TABLE read_item_stock DROP COLUMN low_stock, DROP COLUMN stocked;
    ALTER TABLE read_item_stock RESET (fillfactor);
    CREATE INDEX read_item_stock_location ON read_item_stock (location_id, item_id) WHERE quantity <> 0;
    CREATE INDEX read_item_stock_low ON read_item_stock (item_id) WHERE quantity <= low_stock_threshold;

    DROP INDEX read_items_reorder;
    ALTER TABLE read_items DROP COLUMN reorder_due;
    ALTER TABLE read_items RESET (fillfactor);
    CREATE INDEX read_items_reorder ON read_items (sku) WHERE quantity <= reorder_point;
  `);
}
