/**
 * The locations' events, as stored in the event log. Each location is one stream `location-<uuid>`.
 * Shared contract of the write side (decider) and the read side (projection).
 */

export const locationStreamId = (locationId: string) => `location-${locationId}`;

/** The fields a manager edits. */
export interface LocationFields {
  /** Unique regardless of case, like a SKU. */
  readonly code: string;
  readonly name: string;
}

export type LocationChangeKind = 'created' | 'renamed' | 'archived';

export interface LocationChangedData {
  readonly locationId: string;
  readonly kind: LocationChangeKind;
  /** null for `created`. */
  readonly before: LocationFields | null;
  readonly after: LocationFields;
}

export interface LocationEvent {
  readonly type: 'LocationChanged';
  readonly data: LocationChangedData;
}

export type LocationEventType = LocationEvent['type'];
