import { Query } from '@nestjs/cqrs';
import type { ItemView } from './views';

/** One item, archived or not; null when no such item exists. */
export class GetItemQuery extends Query<ItemView | null> {
  constructor(public readonly itemId: string) {
    super();
  }
}
