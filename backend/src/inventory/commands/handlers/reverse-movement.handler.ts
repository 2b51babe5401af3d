import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Positioned } from '../../../event-store';
import { reversalAnswer, type MovementResult } from '../answers';
import { ReverseMovementCommand } from '../impl/reverse-movement.command';
import { ItemCommandRunner } from '../item-command-runner';
import { ReversalRequests } from '../reversal-requests';
import { StockLocations } from '../stock-locations';

/**
 * Loads the movement, then decides and appends on the item's stream with the version read: two
 * reversals of one movement cannot both land, the second is decided again on a state that has the
 * first and refused (`already-reversed`).
 */
@CommandHandler(ReverseMovementCommand)
export class ReverseMovementHandler implements ICommandHandler<ReverseMovementCommand> {
  constructor(
    private readonly requests: ReversalRequests,
    private readonly runner: ItemCommandRunner,
    private readonly locations: StockLocations,
  ) {}

  async execute({ originalId, movementId, reason, user, context }: ReverseMovementCommand): Promise<Positioned<MovementResult>> {
    const reversal = await this.requests.reversal(originalId, movementId, user, reason);
    return this.requests.movingAtEach(this.locations, reversal, () =>
      this.runner.run({ type: 'ReverseMovement', data: reversal }, context, reversalAnswer(context)),
    );
  }
}
