import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Positioned } from '../../../event-store/positioned';
import { IssueStockCommand } from '../impl/issue-stock.command';
import type { MovementResult } from '../impl/results';
import { ItemCommandRunner } from '../item-command-runner';
import { movementAnswer } from './item-answer';

@CommandHandler(IssueStockCommand)
export class IssueStockHandler implements ICommandHandler<IssueStockCommand> {
  constructor(private readonly runner: ItemCommandRunner) {}

  execute({ movement, context }: IssueStockCommand): Promise<Positioned<MovementResult>> {
    return this.runner.run({ type: 'IssueStock', data: movement }, context, movementAnswer(context));
  }
}
