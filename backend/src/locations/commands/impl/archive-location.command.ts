import { Command } from '@nestjs/cqrs';
import type { Positioned } from '../../../event-store';
import type { CommandContext } from '../../../inventory';
import type { LocationView } from '../../queries/impl/views';

export class ArchiveLocationCommand extends Command<Positioned<LocationView>> {
  constructor(
    public readonly locationId: string,
    public readonly context: CommandContext,
  ) {
    super();
  }
}
