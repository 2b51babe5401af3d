import { Query } from '@nestjs/cqrs';
import type { ItemDetailView } from './views';

/** One item, archived or not, with its stock per location; null when no such item exists. */
export class GetItemQuery extends Query<ItemDetailView | null> {
  constructor(public readonly itemId: string) {
    super();
  }
}
