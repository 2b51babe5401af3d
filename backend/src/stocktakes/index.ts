/** The stocktakes feature's public face: what the app composition may use. */
export { StocktakeContentionError } from './commands/stocktake-streams';
export { StocktakeNotFoundError, NotALineError, StocktakeRuleError, UncountableItemsError } from './domain/stocktake-errors';
export { type StocktakeEventType } from './domain/stocktake-events';
export { StocktakesLiveModule } from './stocktakes-live.module';
export { StocktakesModule } from './stocktakes.module';
export { STOCKTAKES_PROJECTIONS } from './read-models/stocktakes-projections';
