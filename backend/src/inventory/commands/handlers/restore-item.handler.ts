import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Positioned } from '../../../event-store';
import type { ItemView } from '../../queries/impl/views';
import { itemAnswer } from '../answers';
import { RestoreItemCommand } from '../impl/restore-item.command';
import { ItemCommandRunner } from '../item-command-runner';

@CommandHandler(RestoreItemCommand)
export class RestoreItemHandler implements ICommandHandler<RestoreItemCommand> {
  constructor(private readonly runner: ItemCommandRunner) {}

  execute({ itemId, expectedVersion, reason, context }: RestoreItemCommand): Promise<Positioned<ItemView>> {
    return this.runner.run({ type: 'RestoreItem', data: { itemId, expectedVersion, reason } }, context, itemAnswer);
  }
}
