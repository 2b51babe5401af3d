import { Command } from '@nestjs/cqrs';
import type { Positioned } from '../../../event-store';
import type { ItemFields } from '../../domain/item-events';
import type { ItemView } from '../../queries/impl/views';
import type { CommandContext } from './command-context';

export class CreateItemCommand extends Command<Positioned<ItemView>> {
  constructor(
    public readonly itemId: string,
    public readonly fields: ItemFields,
    public readonly quantity: number,
    public readonly context: CommandContext,
  ) {
    super();
  }
}
