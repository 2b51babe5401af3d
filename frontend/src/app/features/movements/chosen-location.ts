import { MAIN_LOCATION_ID } from '../../core/locations/locations-store';

const key = (userId: string) => `ims.movementLocation.${userId}`;

/**
 * The location a user last chose on the movement form, kept in this browser per user, so that
 * someone working at one shelf or van all day picks it once; the main location until then.
 */
export function rememberedLocation(userId: string | undefined): string {
  return (userId && localStorage.getItem(key(userId))) || MAIN_LOCATION_ID;
}

export function rememberLocation(userId: string | undefined, locationId: string): void {
  if (userId) localStorage.setItem(key(userId), locationId);
}
