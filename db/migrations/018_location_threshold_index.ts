import type { Knex } from 'knex';

/**
 * Which items have ever had a per-location low-stock threshold: the low-stock saga asks about an
 * item's locations only for those, and the items projection answers it with one probe of this small
 * index per announced change instead of the saga reading every moved item's stream.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE INDEX events_location_thresholds ON events (stream_id) WHERE type = 'LocationThresholdSet'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DROP INDEX events_location_thresholds`);
}
