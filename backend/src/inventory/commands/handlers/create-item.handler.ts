import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Positioned } from '../../../event-store';
import type { ItemView } from '../../queries/impl/views';
import { itemAnswer } from '../answers';
import { CreateItemCommand } from '../impl/create-item.command';
import { ItemCommandRunner } from '../item-command-runner';

@CommandHandler(CreateItemCommand)
export class CreateItemHandler implements ICommandHandler<CreateItemCommand> {
  constructor(private readonly runner: ItemCommandRunner) {}

  execute({ itemId, fields, quantity, context }: CreateItemCommand): Promise<Positioned<ItemView>> {
    return this.runner.run({ type: 'CreateItem', data: { itemId, fields, quantity } }, context, itemAnswer);
  }
}
