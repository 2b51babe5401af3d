import { Command } from '@nestjs/cqrs';
import type { Positioned } from '../../../event-store';
import type { ItemView } from '../../queries/impl/views';
import type { CommandContext } from './command-context';

export class ArchiveItemCommand extends Command<Positioned<ItemView>> {
  constructor(
    public readonly itemId: string,
    public readonly reason: string | null,
    public readonly context: CommandContext,
  ) {
    super();
  }
}
