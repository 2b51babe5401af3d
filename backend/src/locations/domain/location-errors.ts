/** Refusals of the locations' rules; the HTTP edge maps each to a problem type. */
export abstract class LocationRuleError extends Error {
  protected constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class LocationNotFoundError extends LocationRuleError {
  constructor(readonly locationId: string) {
    super(`location ${locationId} does not exist`);
  }
}

export class LocationAlreadyExistsError extends LocationRuleError {
  constructor(readonly locationId: string) {
    super(`location ${locationId} already exists`);
  }
}

export class LocationArchivedError extends LocationRuleError {
  constructor(readonly locationId: string) {
    super(`location ${locationId} is archived and accepts no changes`);
  }
}

export class LocationHoldsStockError extends LocationRuleError {
  constructor(
    readonly locationId: string,
    readonly unitsHeld: number,
  ) {
    super(`location ${locationId} still holds ${unitsHeld} units: move them elsewhere before archiving it`);
  }
}

/** Stock recorded without a location belongs to the main location, so it can never go away. */
export class MainLocationArchiveError extends LocationRuleError {
  constructor() {
    super('the main location holds all stock recorded without a location and cannot be archived');
  }
}
