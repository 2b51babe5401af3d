import { Command } from '@nestjs/cqrs';
import type { Positioned } from '../../../event-store';
import type { ItemFields } from '../../domain/item-events';
import type { ItemView } from '../../queries/impl/views';
import type { CommandContext } from './command-context';

export class UpdateItemCommand extends Command<Positioned<ItemView>> {
  constructor(
    public readonly itemId: string,
    public readonly changes: Partial<ItemFields>,
    /** From `If-Match`; undefined updates whatever the current version is. */
    public readonly expectedVersion: number | undefined,
    public readonly reason: string | null,
    public readonly context: CommandContext,
  ) {
    super();
  }
}
