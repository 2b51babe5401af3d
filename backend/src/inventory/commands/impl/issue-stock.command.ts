import { Command } from '@nestjs/cqrs';
import type { Positioned } from '../../../event-store';
import type { Movement } from '../../domain/item-commands';
import type { CommandContext } from './command-context';
import type { MovementResult } from '../answers';

/** Units issued (OUT). */
export class IssueStockCommand extends Command<Positioned<MovementResult>> {
  constructor(
    public readonly movement: Movement,
    public readonly context: CommandContext,
  ) {
    super();
  }
}
