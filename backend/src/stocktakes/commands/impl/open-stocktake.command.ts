import { Command } from '@nestjs/cqrs';
import type { Positioned } from '../../../event-store';
import type { CommandContext } from '../../../inventory';
import type { OpenedStocktake } from '../../queries/impl/views';

/** A count at a location of the chosen items, or (`itemIds` undefined) of every item with stock there. */
export class OpenStocktakeCommand extends Command<Positioned<OpenedStocktake>> {
  constructor(
    public readonly stocktakeId: string,
    public readonly locationId: string,
    public readonly itemIds: readonly string[] | undefined,
    public readonly context: CommandContext,
  ) {
    super();
  }
}
