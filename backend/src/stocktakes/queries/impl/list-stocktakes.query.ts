import { Query } from '@nestjs/cqrs';
import type { StocktakeSummary } from './views';

/** Every stocktake, newest first. */
export class ListStocktakesQuery extends Query<StocktakeSummary[]> {}
