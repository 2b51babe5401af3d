import type { LocationFields } from './location-events';

/**
 * The location that always exists, under the id the inventory gives stock recorded without a
 * location. It exists without a `created` event, so no event is written for it at start-up or by a
 * migration, and the history stays as it was.
 */
export { MAIN_LOCATION_ID } from '../../inventory';

export const MAIN_LOCATION_FIELDS: LocationFields = { code: 'MAIN', name: 'Main location' };
