import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Positioned } from '../../../event-store';
import { movementAnswer, type MovementResult } from '../answers';
import { ReceiveStockCommand } from '../impl/receive-stock.command';
import { ItemCommandRunner } from '../item-command-runner';
import { StockLocations } from '../stock-locations';

@CommandHandler(ReceiveStockCommand)
export class ReceiveStockHandler implements ICommandHandler<ReceiveStockCommand> {
  constructor(
    private readonly runner: ItemCommandRunner,
    private readonly locations: StockLocations,
  ) {}

  execute({ movement, context }: ReceiveStockCommand): Promise<Positioned<MovementResult>> {
    return this.locations.movingAt(movement.locationId, () =>
      this.runner.run({ type: 'ReceiveStock', data: movement }, context, movementAnswer(context)),
    );
  }
}
