import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Positioned } from '../../../event-store';
import type { LocationView } from '../../queries/impl/views';
import { ArchiveLocationCommand } from '../impl/archive-location.command';
import { LocationCommandRunner } from '../location-command-runner';

@CommandHandler(ArchiveLocationCommand)
export class ArchiveLocationHandler implements ICommandHandler<ArchiveLocationCommand> {
  constructor(private readonly runner: LocationCommandRunner) {}

  execute({ locationId, context }: ArchiveLocationCommand): Promise<Positioned<LocationView>> {
    return this.runner.run({ type: 'ArchiveLocation', data: { locationId } }, context);
  }
}
