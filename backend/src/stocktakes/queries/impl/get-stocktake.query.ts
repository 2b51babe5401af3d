import { Query } from '@nestjs/cqrs';
import type { StocktakeView } from './views';

/** One stocktake with its lines; `blind` leaves out what a counter must not see. */
export class GetStocktakeQuery extends Query<StocktakeView | null> {
  constructor(
    public readonly stocktakeId: string,
    public readonly blind: boolean,
  ) {
    super();
  }
}
