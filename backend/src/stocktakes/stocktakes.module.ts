import { Module } from '@nestjs/common';
import { CommandHandlers } from './commands/handlers';
import { StocktakeStreams } from './commands/stocktake-streams';
import { QueryHandlers } from './queries/handlers/stocktake-queries.handler';
import { StocktakeReadModel } from './read-models/stocktake-read-model';
import { StocktakesController } from './stocktakes.controller';

/**
 * Stocktakes (cycle counts): commands decided over the event store, a posting appending to the
 * stocktake's and its items' streams in one transaction; GET answered from the read model its
 * projection keeps (registered by the app composition, backend/src/all-projections.ts).
 */
@Module({
  controllers: [StocktakesController],
  providers: [StocktakeStreams, ...CommandHandlers, StocktakeReadModel, ...QueryHandlers],
})
export class StocktakesModule {}
