import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Positioned } from '../../../event-store';
import { movementAnswer, type MovementResult } from '../answers';
import { AdjustStockCommand } from '../impl/adjust-stock.command';
import { ItemCommandRunner } from '../item-command-runner';
import { StockLocations } from '../stock-locations';

@CommandHandler(AdjustStockCommand)
export class AdjustStockHandler implements ICommandHandler<AdjustStockCommand> {
  constructor(
    private readonly runner: ItemCommandRunner,
    private readonly locations: StockLocations,
  ) {}

  execute({ stocktake, context }: AdjustStockCommand): Promise<Positioned<MovementResult>> {
    return this.locations.movingAt(stocktake.locationId, () =>
      this.runner.run({ type: 'AdjustStock', data: stocktake }, context, movementAnswer(context)),
    );
  }
}
