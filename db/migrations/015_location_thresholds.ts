import type { Knex } from 'knex';

/**
 * Per-location low-stock thresholds (issue 19): `read_item_stock` keeps the threshold an item has
 * at a location (null: none) beside its units there, written by the stock projection from
 * `LocationThresholdSet`. `threshold_version` is the stream version of the last threshold event
 * applied to the row, apart from `version` (the last movement's), so that re-applied events of
 * either kind change nothing. No threshold event exists before this migration: nothing to fill.
 * `alert_deliveries` (GET /api/alerts) names the location of a location's low-stock alert.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE read_item_stock
      ADD COLUMN low_stock_threshold bigint,
      ADD COLUMN threshold_version integer NOT NULL DEFAULT 0;
    CREATE INDEX read_item_stock_low ON read_item_stock (item_id) WHERE quantity <= low_stock_threshold;

    -- The location a low-stock alert names; null: the item's total, as for every alert raised before.
    ALTER TABLE alert_deliveries ADD COLUMN location_id uuid, ADD COLUMN location_code text;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE alert_deliveries DROP COLUMN location_code, DROP COLUMN location_id;
    DROP INDEX read_item_stock_low;
    ALTER TABLE read_item_stock DROP COLUMN threshold_version, DROP COLUMN low_stock_threshold;
  `);
}
