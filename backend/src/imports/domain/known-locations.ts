/** A location as an import names it: by its code, regardless of case. */
export interface KnownLocation {
  readonly id: string;
  readonly code: string;
  readonly archived: boolean;
}

export type LocationsByCode = ReadonlyMap<string, KnownLocation>;

export const locationsByCode = (locations: readonly KnownLocation[]): LocationsByCode =>
  new Map(locations.map((location) => [location.code.toUpperCase(), location]));

/** The location a cell names, or why it cannot take stock. */
export function stockLocation(locations: LocationsByCode, code: string): KnownLocation | string {
  const location = locations.get(code.trim().toUpperCase());
  if (!location) return `no location has the code ${code.trim()}`;
  if (location.archived) return `the location ${location.code} is archived`;
  return location;
}
