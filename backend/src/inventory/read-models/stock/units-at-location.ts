import type { Pool } from 'pg';

/** The units of every item at a location, as the stock projection last applied them. */
export async function unitsAtLocation(db: Pick<Pool, 'query'>, locationId: string): Promise<number> {
  const { rows } = await db.query<{ units: number }>(
    'SELECT coalesce(sum(abs(quantity)), 0)::bigint AS units FROM read_item_stock WHERE location_id = $1',
    [locationId],
  );
  return rows[0]?.units ?? 0;
}
