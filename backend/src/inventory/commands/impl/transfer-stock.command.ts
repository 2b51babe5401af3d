import { Command } from '@nestjs/cqrs';
import type { Positioned } from '../../../event-store';
import type { Transfer } from '../../domain/item-commands';
import type { TransferResult } from '../answers';
import type { CommandContext } from './command-context';

/** Units moved from one location to another of the same item, both legs in one event. */
export class TransferStockCommand extends Command<Positioned<TransferResult>> {
  constructor(
    public readonly transfer: Transfer,
    public readonly context: CommandContext,
  ) {
    super();
  }
}
