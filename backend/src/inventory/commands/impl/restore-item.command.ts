import { Command } from '@nestjs/cqrs';
import type { Positioned } from '../../../event-store';
import type { ItemView } from '../../queries/impl/views';
import type { CommandContext } from './command-context';

export class RestoreItemCommand extends Command<Positioned<ItemView>> {
  constructor(
    public readonly itemId: string,
    /** From `If-Match`; undefined restores whatever the current version is. */
    public readonly expectedVersion: number | undefined,
    public readonly reason: string | null,
    public readonly context: CommandContext,
  ) {
    super();
  }
}
