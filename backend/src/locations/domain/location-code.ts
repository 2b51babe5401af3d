import type { LocationEvent } from './location-events';

/** 1–32 letters, digits, dots, underscores or hyphens. */
export const LOCATION_CODE_PATTERN = /^[A-Za-z0-9._-]{1,32}$/;

export const LOCATION_CODE = 'location-code';

export interface LocationCodeReservation {
  readonly kind: typeof LOCATION_CODE;
  readonly value: string;
}

/** Codes are unique regardless of letter case, as SKUs are. */
const reservation = (code: string): LocationCodeReservation => ({ kind: LOCATION_CODE, value: code.toUpperCase() });

/** The codes the events take and give back; an archived location keeps its code, as an archived item keeps its SKU. */
export function locationCodeReservations(events: readonly LocationEvent[]): {
  reserve: LocationCodeReservation[];
  release: LocationCodeReservation[];
} {
  const reserve: LocationCodeReservation[] = [];
  const release: LocationCodeReservation[] = [];
  for (const { data } of events) {
    if (data.kind === 'created') reserve.push(reservation(data.after.code));
    if (data.kind === 'renamed' && data.before && data.before.code.toUpperCase() !== data.after.code.toUpperCase()) {
      reserve.push(reservation(data.after.code));
      release.push(reservation(data.before.code));
    }
  }
  return { reserve, release };
}
