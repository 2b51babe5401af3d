import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { InjectPool } from '../../../database';
import { unitsAtLocation } from '../../../inventory';
import type { Positioned } from '../../../event-store';
import type { LocationView } from '../../queries/impl/views';
import { ArchiveLocationCommand } from '../impl/archive-location.command';
import { LocationCommandRunner } from '../location-command-runner';

@CommandHandler(ArchiveLocationCommand)
export class ArchiveLocationHandler implements ICommandHandler<ArchiveLocationCommand> {
  constructor(
    private readonly runner: LocationCommandRunner,
    @InjectPool() private readonly pool: Pool,
  ) {}

  /** The stock is read from the read side, not guarded by the append: a movement racing the archiving may still land. */
  async execute({ locationId, context }: ArchiveLocationCommand): Promise<Positioned<LocationView>> {
    const unitsHeld = await unitsAtLocation(this.pool, locationId);
    return await this.runner.run({ type: 'ArchiveLocation', data: { locationId, unitsHeld } }, context);
  }
}
