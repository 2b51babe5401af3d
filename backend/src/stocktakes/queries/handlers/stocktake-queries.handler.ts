import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { StocktakeReadModel } from '../../read-models/stocktake-read-model';
import { GetStocktakeQuery } from '../impl/get-stocktake.query';
import { ListStocktakesQuery } from '../impl/list-stocktakes.query';
import type { StocktakeSummary, StocktakeView } from '../impl/views';

@QueryHandler(ListStocktakesQuery)
class ListStocktakesHandler implements IQueryHandler<ListStocktakesQuery, StocktakeSummary[]> {
  constructor(private readonly stocktakes: StocktakeReadModel) {}

  execute(): Promise<StocktakeSummary[]> {
    return this.stocktakes.list();
  }
}

@QueryHandler(GetStocktakeQuery)
class GetStocktakeHandler implements IQueryHandler<GetStocktakeQuery, StocktakeView | null> {
  constructor(private readonly stocktakes: StocktakeReadModel) {}

  execute({ stocktakeId, blind }: GetStocktakeQuery): Promise<StocktakeView | null> {
    return this.stocktakes.get(stocktakeId, blind);
  }
}

/** Answered from the stocktakes' read model. */
export const QueryHandlers = [ListStocktakesHandler, GetStocktakeHandler];
