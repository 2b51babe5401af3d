import { Query } from '@nestjs/cqrs';
import type { ItemsCursor } from './cursors';
import type { ItemView } from './views';

export interface ItemList {
  readonly items: readonly ItemView[];
  /** `itemsCursor.encode(...)` of the last item when more follow, else null. */
  readonly nextCursor: string | null;
}

/**
 * Items in SKU order, after `cursor` when given. `search` matches SKU, name or description
 * case-insensitively; `lowStock` keeps only items `isLowStock` (domain/low-stock.ts).
 * Archived items are left out unless `includeArchived`.
 */
export class ListItemsQuery extends Query<ItemList> {
  constructor(
    public readonly search: string | undefined,
    public readonly lowStock: boolean,
    public readonly limit: number,
    public readonly cursor: ItemsCursor | undefined,
    public readonly includeArchived = false,
  ) {
    super();
  }
}
