/** SQL over the inventory's events (backend/src/inventory/domain/item-events.ts) of alias `e`. */

/** Inventory events only: other features keep their own streams in the same log. */
export const ITEM_EVENTS = `e.stream_id LIKE 'item-%' AND e.type IN ('ItemChanged', 'StockMoved')`;

/** The history entry type: the `ItemChanged` kind or the `StockMoved` type. */
export const ENTRY_TYPE = `CASE e.type WHEN 'ItemChanged' THEN e.data->>'kind' ELSE e.data->>'type' END`;

/** The item's quantity once the event happened; both kinds carry it. */
export const QUANTITY_AFTER = `(CASE e.type WHEN 'StockMoved' THEN e.data->>'quantityAfter' ELSE e.data->>'quantity' END)::bigint`;
