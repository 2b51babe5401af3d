import { Command } from '@nestjs/cqrs';
import type { Positioned } from '../../../event-store';
import type { CommandContext } from '../../../inventory';
import type { CountedLine } from '../../queries/impl/views';

export class CountLineCommand extends Command<Positioned<CountedLine>> {
  constructor(
    public readonly stocktakeId: string,
    public readonly itemId: string,
    public readonly counted: number,
    public readonly context: CommandContext,
  ) {
    super();
  }
}
