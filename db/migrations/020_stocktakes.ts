import type { Knex } from 'knex';

/**
 * Stocktakes (backend/src/stocktakes), kept by the stocktakes projection from `StocktakeChanged`
 * events: one row per stocktake, one per line with its last count, and each item's last counted
 * time (set when a stocktake with a count of it is posted), which the items list reads as `lastCountedAt`.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE read_stocktakes (
      id            uuid         PRIMARY KEY,
      location_id   uuid         NOT NULL,
      status        text         NOT NULL,
      opened_at     timestamptz  NOT NULL,
      opened_by     jsonb,
      posted_at     timestamptz,
      version       integer      NOT NULL,
      position      bigint       NOT NULL
    );
    CREATE INDEX read_stocktakes_opened ON read_stocktakes (opened_at DESC, id);

    CREATE TABLE read_stocktake_lines (
      stocktake_id     uuid         NOT NULL,
      item_id          uuid         NOT NULL,
      line_number      integer      NOT NULL,
      counted          bigint,
      expected         bigint,
      counted_at       timestamptz,
      counted_by       jsonb,
      counted_position bigint,
      adjustment       bigint,
      PRIMARY KEY (stocktake_id, item_id)
    );

    CREATE TABLE read_item_counts (
      item_id          uuid         PRIMARY KEY,
      last_counted_at  timestamptz  NOT NULL
    );
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TABLE read_item_counts;
    DROP TABLE read_stocktake_lines;
    DROP TABLE read_stocktakes;
  `);
}
