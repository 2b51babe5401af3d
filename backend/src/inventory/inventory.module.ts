import { Module } from '@nestjs/common';
import { MetricsModule } from '../metrics/metrics.module';
import { CommandHandlers } from './commands/handlers';
import { ItemCommandRunner } from './commands/item-command-runner';
import { ItemsController } from './items.controller';
import { StockMovementsController } from './stock-movements.controller';

/**
 * Items and stock movements: commands decided over the event store. The GET endpoints ask the
 * QueryBus; the projections module answers those queries from its read models.
 */
@Module({
  imports: [MetricsModule],
  controllers: [ItemsController, StockMovementsController],
  providers: [ItemCommandRunner, ...CommandHandlers],
})
export class InventoryModule {}
