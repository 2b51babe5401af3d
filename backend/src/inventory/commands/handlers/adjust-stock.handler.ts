import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Positioned } from '../../../event-store';
import { movementAnswer, type MovementResult } from '../answers';
import { AdjustStockCommand } from '../impl/adjust-stock.command';
import { ItemCommandRunner } from '../item-command-runner';

@CommandHandler(AdjustStockCommand)
export class AdjustStockHandler implements ICommandHandler<AdjustStockCommand> {
  constructor(private readonly runner: ItemCommandRunner) {}

  execute({ stocktake, context }: AdjustStockCommand): Promise<Positioned<MovementResult>> {
    return this.runner.run({ type: 'AdjustStock', data: stocktake }, context, movementAnswer(context));
  }
}
