import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Positioned } from '../../../event-store';
import type { ItemView } from '../../queries/impl/views';
import { itemAnswer } from '../answers';
import { SetLocationThresholdCommand } from '../impl/set-location-threshold.command';
import { ItemCommandRunner } from '../item-command-runner';
import { StockLocations } from '../stock-locations';

@CommandHandler(SetLocationThresholdCommand)
export class SetLocationThresholdHandler implements ICommandHandler<SetLocationThresholdCommand> {
  constructor(
    private readonly runner: ItemCommandRunner,
    private readonly locations: StockLocations,
  ) {}

  execute({ threshold, context }: SetLocationThresholdCommand): Promise<Positioned<ItemView>> {
    return this.locations.movingAt(threshold.locationId, () =>
      this.runner.run({ type: 'SetLocationThreshold', data: threshold }, context, itemAnswer),
    );
  }
}
