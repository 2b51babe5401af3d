import { Command } from '@nestjs/cqrs';
import type { Positioned } from '../../../event-store';
import type { Movement } from '../../domain/item-commands';
import type { CommandContext } from './command-context';
import type { MovementResult } from '../answers';

/** Units received (IN). */
export class ReceiveStockCommand extends Command<Positioned<MovementResult>> {
  constructor(
    public readonly movement: Movement,
    public readonly context: CommandContext,
  ) {
    super();
  }
}
