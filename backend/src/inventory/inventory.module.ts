import { Module } from '@nestjs/common';
import { LiveModule } from '../live';
import { MetricsModule } from '../metrics/metrics.module';
import { CommandHandlers } from './commands/handlers';
import { ItemCommandRunner } from './commands/item-command-runner';
import { ItemsController } from './items.controller';
import { QueryHandlers } from './queries/handlers';
import { HistoryReadModel } from './read-models/history/history-read-model';
import { InventoryLiveFeed } from './read-models/inventory-feed-source';
import { ItemReadModel } from './read-models/items/item-read-model';
import { StockMovementsController } from './stock-movements.controller';

/**
 * Items and stock movements: commands decided over the event store; the GET endpoints ask the
 * QueryBus, answered from the read models its projections keep (registered by the app composition,
 * backend/src/all-projections.ts); the live feed's item.* and stock.moved messages.
 */
@Module({
  imports: [MetricsModule, LiveModule],
  controllers: [ItemsController, StockMovementsController],
  providers: [ItemCommandRunner, ...CommandHandlers, ItemReadModel, HistoryReadModel, ...QueryHandlers, InventoryLiveFeed],
})
export class InventoryModule {}
