import { Command } from '@nestjs/cqrs';
import type { Positioned } from '../../../event-store';
import type { CommandContext } from '../../../inventory';
import type { Posting } from '../../queries/impl/views';

/** `dryRun`: the posting as it would be now, appending nothing (and answering no position). */
export class PostStocktakeCommand extends Command<Posting | Positioned<Posting>> {
  constructor(
    public readonly stocktakeId: string,
    public readonly dryRun: boolean,
    public readonly context: CommandContext,
  ) {
    super();
  }
}
