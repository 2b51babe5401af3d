import type { LocationFields } from './location-events';

/**
 * The location that always exists. Its id is fixed, so stock recorded before there were locations
 * (events without `locationId`) belongs to it when read; it exists without a `created` event, so no
 * event is written for it at start-up or by a migration, and the history stays as it was.
 */
export const MAIN_LOCATION_ID = '00000000-0000-4000-8000-00000000a001';

export const MAIN_LOCATION_FIELDS: LocationFields = { code: 'MAIN', name: 'Main location' };
