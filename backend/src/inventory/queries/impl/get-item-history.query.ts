import { Query } from '@nestjs/cqrs';
import type { PositionCursor } from './cursors';
import type { HistoryEntry } from './views';

export interface ItemHistory {
  readonly entries: readonly HistoryEntry[];
  /** `positionCursor.encode(...)` of the last entry when more follow, else null. */
  readonly nextCursor: string | null;
}

/** An item's events newest first, before `cursor` when given; null when no such item exists. */
export class GetItemHistoryQuery extends Query<ItemHistory | null> {
  constructor(
    public readonly itemId: string,
    public readonly limit: number,
    public readonly cursor: PositionCursor | undefined,
  ) {
    super();
  }
}
