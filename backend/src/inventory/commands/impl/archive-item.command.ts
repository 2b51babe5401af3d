import { Command } from '@nestjs/cqrs';
import type { ItemView } from '../../queries/impl/views';
import type { CommandContext } from './command-context';

export class ArchiveItemCommand extends Command<ItemView> {
  constructor(
    public readonly itemId: string,
    public readonly reason: string | null,
    public readonly context: CommandContext,
  ) {
    super();
  }
}
