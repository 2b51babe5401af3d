import type { NewEvent } from './stored-event';

/** A value unique across streams (a SKU, a username), held by one stream. */
export interface Reservation {
  readonly kind: string;
  readonly value: string;
}

/** Stored with the append so that a retry with the same key answers the first result. */
export interface IdempotencyRecord {
  readonly scope: string;
  readonly key: string;
  readonly requestHash: string;
  readonly result: unknown;
}

export interface AppendRequest {
  readonly streamId: string;
  /** The version the decision was made on; 0 means the stream must not exist yet. */
  readonly expectedVersion: number;
  readonly events: readonly NewEvent[];
  readonly reserve?: readonly Reservation[];
  readonly release?: readonly Reservation[];
  readonly idempotency?: IdempotencyRecord;
}

export type AppendOutcome =
  | { readonly status: 'appended'; readonly nextVersion: number; readonly positions: readonly number[] }
  | { readonly status: 'replayed'; readonly result: unknown };
