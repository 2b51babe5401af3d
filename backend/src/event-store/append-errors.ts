export class VersionConflictError extends Error {
  constructor(
    readonly streamId: string,
    readonly expectedVersion: number,
  ) {
    super(`stream ${streamId} is no longer at version ${expectedVersion}`);
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
