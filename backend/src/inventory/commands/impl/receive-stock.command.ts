import { Command } from '@nestjs/cqrs';
import type { Movement } from '../../domain/item-commands';
import type { CommandContext } from './command-context';
import type { MovementResult } from './results';

/** Units received (IN). */
export class ReceiveStockCommand extends Command<MovementResult> {
  constructor(
    public readonly movement: Movement,
    public readonly context: CommandContext,
  ) {
    super();
  }
}
