import { stocktakesProjection } from './stocktakes.projection';

/** The stocktakes' read models; the app composition registers them. */
export const STOCKTAKES_PROJECTIONS = [stocktakesProjection] as const;
