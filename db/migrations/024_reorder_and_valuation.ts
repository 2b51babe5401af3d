import type { Knex } from 'knex';

/**
 * Reorder planning and reports (issue 23). `read_items` gains an item's reorder point, reorder
 * quantity and lead time (null: not set; no event carries them before this migration, so nothing to fill).
 *
 * The valuation projection keeps two timelines, so that "what was the stock worth at T" is a read of
 * rows, never a replay: `read_stock_timeline` has one row per event that changed an item's units at a
 * location (the units there after it), `read_price_timeline` one row per `ItemChanged` that set an
 * item's price (on creation and whenever the price changed). Both are filled by the projector from the
 * start of the log once this migration has run. Within an item, time order and stream order agree, so
 * the row in force at T is the one of the highest version recorded at or before T.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE read_items
      ADD COLUMN reorder_point bigint,
      ADD COLUMN reorder_quantity bigint,
      ADD COLUMN lead_time_days integer;
    CREATE INDEX read_items_reorder ON read_items (sku) WHERE quantity <= reorder_point;

    CREATE TABLE read_stock_timeline (
      item_id      uuid        NOT NULL,
      location_id  uuid        NOT NULL,
      version      integer     NOT NULL,
      at           timestamptz NOT NULL,
      quantity     bigint      NOT NULL,
      PRIMARY KEY (item_id, location_id, version)
    );
    CREATE INDEX read_stock_timeline_at ON read_stock_timeline (at);

    CREATE TABLE read_price_timeline (
      item_id  uuid        NOT NULL,
      version  integer     NOT NULL,
      at       timestamptz NOT NULL,
      price    numeric,
      PRIMARY KEY (item_id, version)
    );
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TABLE read_price_timeline, read_stock_timeline;
    DROP INDEX read_items_reorder;
    ALTER TABLE read_items DROP COLUMN lead_time_days, DROP COLUMN reorder_quantity, DROP COLUMN reorder_point;
  `);
}
