import { Query } from '@nestjs/cqrs';
import type { ItemView } from './views';

/** The items with these ids that exist, archived or not, in no particular order. */
export class GetItemsQuery extends Query<ItemView[]> {
  constructor(public readonly itemIds: readonly string[]) {
    super();
  }
}
