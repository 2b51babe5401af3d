import { Query } from '@nestjs/cqrs';

export interface StockAt {
  readonly quantity: number;
  /**
   * Position of the last event of the item at or before `at` (with a location, of the last that changed
   * its units there); null when there is none (quantity 0).
   */
  readonly position: number | null;
}

/** An item's quantity (or its units at one location) as it stood at a moment; null when no such item exists at all. */
export class GetStockAtQuery extends Query<StockAt | null> {
  constructor(
    public readonly itemId: string,
    public readonly at: Date,
    public readonly locationId?: string,
  ) {
    super();
  }
}
