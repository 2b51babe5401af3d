import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Positioned } from '../../../event-store';
import type { LocationView } from '../../queries/impl/views';
import { RenameLocationCommand } from '../impl/rename-location.command';
import { LocationCommandRunner } from '../location-command-runner';

@CommandHandler(RenameLocationCommand)
export class RenameLocationHandler implements ICommandHandler<RenameLocationCommand> {
  constructor(private readonly runner: LocationCommandRunner) {}

  execute({ locationId, changes, context }: RenameLocationCommand): Promise<Positioned<LocationView>> {
    return this.runner.run({ type: 'RenameLocation', data: { locationId, changes } }, context);
  }
}
