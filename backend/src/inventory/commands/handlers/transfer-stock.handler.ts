import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Positioned } from '../../../event-store';
import { transferAnswer, type TransferResult } from '../answers';
import { TransferStockCommand } from '../impl/transfer-stock.command';
import { ItemCommandRunner } from '../item-command-runner';
import { StockLocations } from '../stock-locations';

@CommandHandler(TransferStockCommand)
export class TransferStockHandler implements ICommandHandler<TransferStockCommand> {
  constructor(
    private readonly runner: ItemCommandRunner,
    private readonly locations: StockLocations,
  ) {}

  execute({ transfer, context }: TransferStockCommand): Promise<Positioned<TransferResult>> {
    return this.locations.movingAt(transfer.fromLocationId, () =>
      this.locations.movingAt(transfer.toLocationId, () =>
        this.runner.run({ type: 'TransferStock', data: transfer }, context, transferAnswer(context)),
      ),
    );
  }
}
