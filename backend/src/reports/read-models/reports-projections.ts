import { valuationProjection } from './valuation.projection';

/** The reports' own read models; the app composition registers them. */
export const REPORTS_PROJECTIONS = [valuationProjection] as const;
