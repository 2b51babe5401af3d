import { Module } from '@nestjs/common';
import { MetricsModule } from '../metrics';
import { CommandHandlers } from './commands/handlers';
import { ItemCommandRunner } from './commands/item-command-runner';
import { ReversalRequests } from './commands/reversal-requests';
import { ItemsController } from './items.controller';
import { QueryHandlers } from './queries/handlers';
import { HistoryReadModel } from './read-models/history/history-read-model';
import { ItemReadModel } from './read-models/items/item-read-model';
import { StockMovementsController } from './stock-movements.controller';
import { TransfersController } from './transfers.controller';

/**
 * Items, stock movements and transfers: commands decided over the event store; the GET endpoints ask the
 * QueryBus, answered from the read models its projections keep (registered by the app composition,
 * backend/src/all-projections.ts). Its live messages are InventoryLiveModule's.
 */
@Module({
  imports: [MetricsModule],
  controllers: [ItemsController, StockMovementsController, TransfersController],
  providers: [ItemCommandRunner, ReversalRequests, ...CommandHandlers, ItemReadModel, HistoryReadModel, ...QueryHandlers],
})
export class InventoryModule {}
