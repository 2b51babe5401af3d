import type { StoredEvent } from './stored-event';

/** A stream of a request and the version its decision was made on. */
export interface StreamExpectation {
  readonly streamId: string;
  readonly expectedVersion: number;
}

/**
 * The request wrote nothing: these streams are no longer (or not yet) at the versions it was decided on. Decide again.
 * `missed` holds, where the append could read them with its check, each stream's events after the expected version:
 * a writer that caches state catches up with them instead of reading the stream again.
 */
export class VersionConflictError extends Error {
  constructor(
    readonly streams: readonly StreamExpectation[],
    readonly missed: ReadonlyMap<string, readonly StoredEvent[]> = new Map(),
  ) {
    super(streams.map(({ streamId, expectedVersion }) => `stream ${streamId} is no longer at version ${expectedVersion}`).join('; '));
    this.name = 'VersionConflictError';
  }
}

export class ReservationConflictError extends Error {
  constructor(
    readonly kind: string,
    readonly value: string,
  ) {
    super(`${kind} "${value}" is already taken`);
    this.name = 'ReservationConflictError';
  }
}

/** The same idempotency key was sent before with a different request. */
export class IdempotencyKeyReusedError extends Error {
  constructor(readonly key: string) {
    super(`idempotency key "${key}" was already used for a different request`);
    this.name = 'IdempotencyKeyReusedError';
  }
}

/** A request the store cannot take as it is (no stream, one stream twice): a bug in the caller, not a race. */
export class MalformedAppendError extends Error {
  constructor(reason: string) {
    super(`malformed append: ${reason}`);
    this.name = 'MalformedAppendError';
  }
}
