import { Command } from '@nestjs/cqrs';
import type { Positioned } from '../../../event-store';
import type { CommandContext } from '../../../inventory';
import type { LocationFields } from '../../domain/location-events';
import type { LocationView } from '../../queries/impl/views';

export class CreateLocationCommand extends Command<Positioned<LocationView>> {
  constructor(
    public readonly locationId: string,
    public readonly fields: LocationFields,
    public readonly context: CommandContext,
  ) {
    super();
  }
}
