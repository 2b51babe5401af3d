import { Command } from '@nestjs/cqrs';
import type { Positioned } from '../../../event-store';
import type { LocationThreshold } from '../../domain/item-commands';
import type { ItemView } from '../../queries/impl/views';
import type { CommandContext } from './command-context';

/** The item's low-stock threshold at one location, set or (null) removed. */
export class SetLocationThresholdCommand extends Command<Positioned<ItemView>> {
  constructor(
    public readonly threshold: LocationThreshold,
    public readonly context: CommandContext,
  ) {
    super();
  }
}
