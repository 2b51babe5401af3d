import type { Knex } from 'knex';

/**
 * The audit log's filters (backend/src/audit/event-log.ts). A page is read in position order after
 * a position, so each equality filter has an index ending in `position` that yields rows already in
 * page order. The time index carries `position` too: the span of positions a time range covers is
 * then an index-only scan (see spanOf there).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE INDEX events_stream_position ON events (stream_id, position);
    CREATE INDEX events_type_position ON events (type, position);
    CREATE INDEX events_user_position ON events ((metadata ->> 'userId'), position);
    CREATE INDEX events_recorded_at_position ON events (recorded_at, position);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP INDEX events_recorded_at_position, events_user_position, events_type_position, events_stream_position;
  `);
}
