import { Command } from '@nestjs/cqrs';
import type { Positioned } from '../../../event-store';
import type { Stocktake } from '../../domain/item-commands';
import type { CommandContext } from './command-context';
import type { MovementResult } from '../answers';

/** A stocktake (ADJUST): the counted quantity replaces the recorded one. */
export class AdjustStockCommand extends Command<Positioned<MovementResult>> {
  constructor(
    public readonly stocktake: Stocktake,
    public readonly context: CommandContext,
  ) {
    super();
  }
}
