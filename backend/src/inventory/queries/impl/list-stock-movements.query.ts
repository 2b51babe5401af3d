import { Query } from '@nestjs/cqrs';
import type { PositionCursor } from './cursors';
import type { ListedMovementType, ListedStockMovement } from './views';

export interface StockMovementList {
  readonly movements: readonly ListedStockMovement[];
  /** `positionCursor.encode(...)` of the last movement when more follow, else null. */
  readonly nextCursor: string | null;
}

export interface StockMovementFilter {
  readonly itemId?: string | undefined;
  readonly type?: ListedMovementType | undefined;
  readonly userId?: string | undefined;
  /** Movements at this location; transfers from or to it. */
  readonly locationId?: string | undefined;
  /** Inclusive. */
  readonly from?: Date | undefined;
  /** Exclusive. */
  readonly to?: Date | undefined;
}

/** Stock movements newest first, before `cursor` when given. */
export class ListStockMovementsQuery extends Query<StockMovementList> {
  constructor(
    public readonly filter: StockMovementFilter,
    public readonly limit: number,
    public readonly cursor: PositionCursor | undefined,
  ) {
    super();
  }
}
