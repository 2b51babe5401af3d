import { Command } from '@nestjs/cqrs';
import type { Movement } from '../../domain/item-commands';
import type { CommandContext } from './command-context';
import type { MovementResult } from './results';

/** Units issued (OUT). */
export class IssueStockCommand extends Command<MovementResult> {
  constructor(
    public readonly movement: Movement,
    public readonly context: CommandContext,
  ) {
    super();
  }
}
