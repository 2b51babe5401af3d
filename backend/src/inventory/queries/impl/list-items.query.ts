import { Query } from '@nestjs/cqrs';
import type { ItemSort, ItemsCursor } from './cursors';
import type { ListedItemView } from './views';

export interface ItemList {
  readonly items: readonly ListedItemView[];
  /** `itemsCursor.encode(...)` of the last item when more follow, else null. */
  readonly nextCursor: string | null;
}

export interface ItemListOptions {
  /** Archived items only when true; by default the items not archived. */
  readonly archived?: boolean;
  readonly sort?: ItemSort;
  /** Only items with stock at this location. */
  readonly locationId?: string | undefined;
  /** Only items not counted by a posted stocktake since this ISO time (never counted included). */
  readonly notCountedSince?: string | undefined;
}

/**
 * Items in `sort` order (SKU by default), after `cursor` when given (a cursor of another sort is
 * refused). `search` matches SKU, name or description case-insensitively; `lowStock` keeps only
 * items `isLowStock` (domain/low-stock.ts).
 */
export class ListItemsQuery extends Query<ItemList> {
  constructor(
    public readonly search: string | undefined,
    public readonly lowStock: boolean,
    public readonly limit: number,
    public readonly cursor: ItemsCursor | undefined,
    public readonly options: ItemListOptions = {},
  ) {
    super();
  }
}
