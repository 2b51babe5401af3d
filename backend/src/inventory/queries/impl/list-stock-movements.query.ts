import { Query } from '@nestjs/cqrs';
import type { MovementType } from '../../domain/item-events';
import type { PositionCursor } from './cursors';
import type { ListedStockMovement } from './views';

export interface StockMovementList {
  readonly movements: readonly ListedStockMovement[];
  /** `positionCursor.encode(...)` of the last movement when more follow, else null. */
  readonly nextCursor: string | null;
}

export interface StockMovementFilter {
  readonly itemId?: string | undefined;
  readonly type?: MovementType | undefined;
  readonly userId?: string | undefined;
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
