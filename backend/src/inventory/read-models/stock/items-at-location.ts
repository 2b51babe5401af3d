import type { Pool } from 'pg';

/** The items, not archived, with units at a location, as the stock projection last applied them; by SKU. */
export async function itemsAtLocation(db: Pick<Pool, 'query'>, locationId: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT i.id FROM read_item_stock s JOIN read_items i ON i.id = s.item_id
      WHERE s.location_id = $1 AND s.stocked AND NOT i.archived ORDER BY upper(i.sku), i.id`,
    [locationId],
  );
  return rows.map(({ id }) => id);
}
