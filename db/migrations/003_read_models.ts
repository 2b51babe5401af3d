import type { Knex } from 'knex';

/**
 * The read models the projections keep (backend/src/projections): what every screen reads.
 *
 * `read_items` is the item as the API shows it. `read_item_history` holds one row per inventory
 * event; it also answers the stock movements list and stock-at. Lists are newest first by
 * (at, position), so each filter has an index leading with its column and ending in (at, position);
 * within one item, time order and stream order agree (an append reads the previous version first).
 *
 * A replay rebuilds these tables as shadow copies of this very schema (indexes included) and swaps
 * them in, so the schema lives here only.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE EXTENSION IF NOT EXISTS pg_trgm;

    CREATE TABLE read_items (
      id                   uuid        PRIMARY KEY,
      sku                  text        NOT NULL,
      name                 text        NOT NULL,
      description          text        NOT NULL,
      unit                 text        NOT NULL,
      quantity             bigint      NOT NULL,
      low_stock_threshold  bigint      NOT NULL,
      price                numeric,
      -- isLowStock (backend/src/inventory/domain/low-stock.ts); ops verify checks the two agree.
      low_stock            boolean     GENERATED ALWAYS AS (quantity <= low_stock_threshold) STORED,
      archived             boolean     NOT NULL,
      version              integer     NOT NULL,
      updated_at           timestamptz NOT NULL,
      position             bigint      NOT NULL
    );
    CREATE INDEX read_items_sku ON read_items (sku, id);
    CREATE INDEX read_items_low_stock ON read_items (sku, id) WHERE low_stock AND NOT archived;
    CREATE INDEX read_items_search ON read_items
      USING gin ((sku || E'\\n' || name || E'\\n' || description) gin_trgm_ops);

    CREATE TABLE read_item_history (
      position         bigint      PRIMARY KEY,
      item_id          uuid        NOT NULL,
      version          integer     NOT NULL,
      type             text        NOT NULL,
      at               timestamptz NOT NULL,
      user_id          text,
      username         text,
      before           jsonb,
      after            jsonb,
      quantity_before  bigint      NOT NULL,
      quantity_after   bigint      NOT NULL,
      quantity         bigint,
      movement_id      uuid,
      reason           text,
      note             text
    );
    -- An item's history and movements, and stock-at as one index-only probe.
    CREATE INDEX read_item_history_item ON read_item_history (item_id, at, position) INCLUDE (quantity_after);
    CREATE INDEX read_item_history_at ON read_item_history (at, position);
    CREATE INDEX read_item_history_type ON read_item_history (type, at, position);
    CREATE INDEX read_item_history_user ON read_item_history (user_id, at, position);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DROP TABLE read_item_history, read_items;`);
}
