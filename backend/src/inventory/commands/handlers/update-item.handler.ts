import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Positioned } from '../../../event-store';
import type { ItemView } from '../../queries/impl/views';
import { itemAnswer } from '../answers';
import { UpdateItemCommand } from '../impl/update-item.command';
import { ItemCommandRunner } from '../item-command-runner';

@CommandHandler(UpdateItemCommand)
export class UpdateItemHandler implements ICommandHandler<UpdateItemCommand> {
  constructor(private readonly runner: ItemCommandRunner) {}

  execute({ itemId, changes, expectedVersion, reason, context }: UpdateItemCommand): Promise<Positioned<ItemView>> {
    return this.runner.run({ type: 'UpdateItem', data: { itemId, changes, expectedVersion, reason } }, context, itemAnswer);
  }
}
