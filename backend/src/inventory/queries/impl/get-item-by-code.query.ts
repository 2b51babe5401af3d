import { Query } from '@nestjs/cqrs';
import type { ItemDetailView } from './views';

/** The item a scanned code names (its barcode, else its SKU); null when none does. */
export class GetItemByCodeQuery extends Query<ItemDetailView | null> {
  constructor(public readonly code: string) {
    super();
  }
}
