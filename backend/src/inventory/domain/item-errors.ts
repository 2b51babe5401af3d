/** Refusals of the inventory's rules; the HTTP edge maps each to a problem type. */
export abstract class InventoryRuleError extends Error {
  protected constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class ItemNotFoundError extends InventoryRuleError {
  constructor(readonly itemId: string) {
    super(`item ${itemId} does not exist`);
  }
}

export class ItemAlreadyExistsError extends InventoryRuleError {
  constructor(readonly itemId: string) {
    super(`item ${itemId} already exists`);
  }
}

export class ItemArchivedError extends InventoryRuleError {
  constructor(readonly itemId: string) {
    super(`item ${itemId} is archived and accepts no changes`);
  }
}

export class ItemNotArchivedError extends InventoryRuleError {
  constructor(readonly itemId: string) {
    super(`item ${itemId} is not archived, so there is nothing to restore`);
  }
}

export class StaleVersionError extends InventoryRuleError {
  constructor(
    readonly expectedVersion: number,
    readonly actualVersion: number,
  ) {
    super(`the item is at version ${actualVersion}, not ${expectedVersion}: reload it and try again`);
  }
}

export class InsufficientStockError extends InventoryRuleError {
  constructor(
    readonly available: number,
    readonly requested: number,
  ) {
    super(`only ${available} in stock, ${requested} requested`);
  }
}

export class InvalidQuantityError extends InventoryRuleError {
  constructor(
    readonly quantity: number,
    readonly expected: string,
  ) {
    super(`quantity ${quantity} is not ${expected}`);
  }
}

export class StockLocationNotFoundError extends InventoryRuleError {
  constructor(readonly locationId: string) {
    super(`location ${locationId} does not exist`);
  }
}

export class StockLocationArchivedError extends InventoryRuleError {
  constructor(readonly locationId: string) {
    super(`location ${locationId} is archived and takes no stock movements`);
  }
}

export class SameLocationTransferError extends InventoryRuleError {
  constructor(readonly locationId: string) {
    super(`a transfer needs two different locations, not ${locationId} twice`);
  }
}

export class InvalidBarcodeError extends InventoryRuleError {
  constructor(
    readonly barcode: string,
    readonly reason: string,
  ) {
    super(`barcode ${JSON.stringify(barcode)} ${reason}`);
  }
}
