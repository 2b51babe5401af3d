import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Positioned } from '../../../event-store/positioned';
import { ReceiveStockCommand } from '../impl/receive-stock.command';
import type { MovementResult } from '../impl/results';
import { ItemCommandRunner } from '../item-command-runner';
import { movementAnswer } from './item-answer';

@CommandHandler(ReceiveStockCommand)
export class ReceiveStockHandler implements ICommandHandler<ReceiveStockCommand> {
  constructor(private readonly runner: ItemCommandRunner) {}

  execute({ movement, context }: ReceiveStockCommand): Promise<Positioned<MovementResult>> {
    return this.runner.run({ type: 'ReceiveStock', data: movement }, context, movementAnswer(context));
  }
}
