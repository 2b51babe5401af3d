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

/** One stream's part of an append: its events at the version the decision was made on, and the values it takes or gives back. */
export interface StreamAppend {
  readonly streamId: string;
  /** The version the decision was made on; 0 means the stream must not exist yet. */
  readonly expectedVersion: number;
  readonly events: readonly NewEvent[];
  readonly reserve?: readonly Reservation[];
  readonly release?: readonly Reservation[];
}

export interface AppendRequest extends StreamAppend {
  readonly idempotency?: IdempotencyRecord;
}

/** Appends to several streams in one transaction, each at its own expected version: all of them or none. */
export interface MultiStreamAppendRequest {
  readonly streams: readonly StreamAppend[];
  /** One record for the whole request. */
  readonly idempotency?: IdempotencyRecord;
}

export type AppendOutcome =
  | { readonly status: 'appended'; readonly nextVersion: number; readonly positions: readonly number[] }
  | { readonly status: 'replayed'; readonly result: unknown };

/** Where one stream of a request now stands, and the global positions of its events. */
export interface StreamAppended {
  readonly streamId: string;
  readonly nextVersion: number;
  readonly positions: readonly number[];
}

/** Appended: `streams` in the order of the request's. */
export type MultiStreamAppendOutcome =
  { readonly status: 'appended'; readonly streams: readonly StreamAppended[] } | { readonly status: 'replayed'; readonly result: unknown };
