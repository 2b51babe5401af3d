import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Positioned } from '../../../event-store';
import type { LocationView } from '../../queries/impl/views';
import { CreateLocationCommand } from '../impl/create-location.command';
import { LocationCommandRunner } from '../location-command-runner';

@CommandHandler(CreateLocationCommand)
export class CreateLocationHandler implements ICommandHandler<CreateLocationCommand> {
  constructor(private readonly runner: LocationCommandRunner) {}

  execute({ locationId, fields, context }: CreateLocationCommand): Promise<Positioned<LocationView>> {
    return this.runner.run({ type: 'CreateLocation', data: { locationId, fields } }, context);
  }
}
