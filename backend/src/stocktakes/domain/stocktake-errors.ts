/** Refusals of the stocktakes' rules; the HTTP edge maps each to a problem type. */
export abstract class StocktakeRuleError extends Error {
  protected constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class StocktakeNotFoundError extends StocktakeRuleError {
  constructor(readonly stocktakeId: string) {
    super(`stocktake ${stocktakeId} does not exist`);
  }
}

export class StocktakeAlreadyExistsError extends StocktakeRuleError {
  constructor(readonly stocktakeId: string) {
    super(`stocktake ${stocktakeId} already exists`);
  }
}

export class StocktakePostedError extends StocktakeRuleError {
  constructor(readonly stocktakeId: string) {
    super(`stocktake ${stocktakeId} is posted and accepts no more counts`);
  }
}

export class NothingToCountError extends StocktakeRuleError {
  constructor(readonly locationId: string) {
    super(`there is nothing to count at location ${locationId}: no item has stock there, and none was chosen`);
  }
}

/** Items chosen for a count that do not exist or are archived. */
export class UncountableItemsError extends StocktakeRuleError {
  constructor(readonly itemIds: readonly string[]) {
    super(`these items cannot be counted (unknown or archived): ${itemIds.join(', ')}`);
  }
}

export class NotALineError extends StocktakeRuleError {
  constructor(
    readonly stocktakeId: string,
    readonly itemId: string,
  ) {
    super(`item ${itemId} is not a line of stocktake ${stocktakeId}`);
  }
}

export class InvalidCountError extends StocktakeRuleError {
  constructor(readonly counted: number) {
    super(`a count must be a whole number of zero or more, not ${counted}`);
  }
}

export class NothingCountedError extends StocktakeRuleError {
  constructor(readonly stocktakeId: string) {
    super(`no line of stocktake ${stocktakeId} is counted yet: there is nothing to post`);
  }
}
