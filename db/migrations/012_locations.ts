import type { Knex } from 'knex';

/**
 * Locations (backend/src/locations). `read_locations` is the locations' read model, one row per
 * location with events; `read_item_history.location_id` says where each movement moved stock.
 * The main location (its fixed id: backend/src/locations/domain/main-location.ts)
 * exists without any event, so that stock recorded before there were locations belongs to it when
 * read and the history is never rewritten; its code MAIN is reserved here as a created location's
 * code is reserved by its append.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE read_locations (
      id        uuid     PRIMARY KEY,
      code      text     NOT NULL,
      name      text     NOT NULL,
      archived  boolean  NOT NULL,
      version   integer  NOT NULL,
      position  bigint   NOT NULL
    );

    -- Where each movement moved stock. Every movement recorded so far was recorded without a location,
    -- so at the main one: the history projection writes the same for those events (LOCATION_ID).
    ALTER TABLE read_item_history ADD COLUMN location_id uuid;
    UPDATE read_item_history SET location_id = '00000000-0000-4000-8000-00000000a001' WHERE movement_id IS NOT NULL;
    CREATE INDEX read_item_history_location ON read_item_history (location_id, at, position);

    -- An item's units per location (the stock projection, which builds it from the whole log).
    CREATE TABLE read_item_stock (
      item_id      uuid     NOT NULL,
      location_id  uuid     NOT NULL,
      quantity     bigint   NOT NULL,
      version      integer  NOT NULL,
      PRIMARY KEY (item_id, location_id)
    );
    CREATE INDEX read_item_stock_location ON read_item_stock (location_id, item_id) WHERE quantity <> 0;

    INSERT INTO reservations (kind, value, stream_id)
    VALUES ('location-code', 'MAIN', 'location-00000000-0000-4000-8000-00000000a001')
    ON CONFLICT DO NOTHING;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DELETE FROM reservations WHERE kind = 'location-code';
    ALTER TABLE read_item_history DROP COLUMN location_id;
    DROP TABLE read_item_stock;
    DROP TABLE read_locations;
  `);
}
