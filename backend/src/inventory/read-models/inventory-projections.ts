import { historyProjection } from './history/history.projection';
import { itemsProjection } from './items/items.projection';
import { stockProjection } from './stock/stock.projection';

/** The inventory's read models, in the order ops lists them; the app composition registers them. */
export const INVENTORY_PROJECTIONS = [itemsProjection, historyProjection, stockProjection] as const;
