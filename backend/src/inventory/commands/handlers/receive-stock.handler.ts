import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Positioned } from '../../../event-store';
import { movementAnswer, type MovementResult } from '../answers';
import { ReceiveStockCommand } from '../impl/receive-stock.command';
import { ItemCommandRunner } from '../item-command-runner';

@CommandHandler(ReceiveStockCommand)
export class ReceiveStockHandler implements ICommandHandler<ReceiveStockCommand> {
  constructor(private readonly runner: ItemCommandRunner) {}

  execute({ movement, context }: ReceiveStockCommand): Promise<Positioned<MovementResult>> {
    return this.runner.run({ type: 'ReceiveStock', data: movement }, context, movementAnswer(context));
  }
}
