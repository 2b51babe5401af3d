import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Positioned } from '../../../event-store';
import type { ItemView } from '../../queries/impl/views';
import { itemAnswer } from '../answers';
import { ArchiveItemCommand } from '../impl/archive-item.command';
import { ItemCommandRunner } from '../item-command-runner';

@CommandHandler(ArchiveItemCommand)
export class ArchiveItemHandler implements ICommandHandler<ArchiveItemCommand> {
  constructor(private readonly runner: ItemCommandRunner) {}

  execute({ itemId, reason, context }: ArchiveItemCommand): Promise<Positioned<ItemView>> {
    return this.runner.run({ type: 'ArchiveItem', data: { itemId, reason } }, context, itemAnswer);
  }
}
