import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { Positioned } from '../../../event-store';
import { movementAnswer, type MovementResult } from '../answers';
import { IssueStockCommand } from '../impl/issue-stock.command';
import { ItemCommandRunner } from '../item-command-runner';
import { StockLocations } from '../stock-locations';

@CommandHandler(IssueStockCommand)
export class IssueStockHandler implements ICommandHandler<IssueStockCommand> {
  constructor(
    private readonly runner: ItemCommandRunner,
    private readonly locations: StockLocations,
  ) {}

  execute({ movement, context }: IssueStockCommand): Promise<Positioned<MovementResult>> {
    return this.locations.movingAt(movement.locationId, () =>
      this.runner.run({ type: 'IssueStock', data: movement }, context, movementAnswer(context)),
    );
  }
}
