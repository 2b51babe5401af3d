import { locationsProjection } from './locations.projection';

/** The locations' read models; the app composition registers them. */
export const LOCATIONS_PROJECTIONS = [locationsProjection] as const;
