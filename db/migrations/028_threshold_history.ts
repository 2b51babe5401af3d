import type { Knex } from 'knex';

/**
 * A location threshold's history entry says what changed: the threshold there before and after
 * (null: none). The rows already projected take the values from their events, as the projection
 * now writes them, so no replay is needed. A replay of history left by a crash copied rows without
 * these columns into its shadow copy: it starts over (backend/src/projections/rebuild/shadow-tables.ts).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE read_item_history ADD COLUMN threshold_before integer, ADD COLUMN threshold_after integer;
    UPDATE read_item_history h
       SET threshold_before = (e.data->>'before')::integer, threshold_after = (e.data->>'after')::integer
      FROM events e
     WHERE h.type = 'threshold' AND e.position = h.position;
    DROP TABLE IF EXISTS read_item_history__replay;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE read_item_history DROP COLUMN threshold_after, DROP COLUMN threshold_before;`);
}
