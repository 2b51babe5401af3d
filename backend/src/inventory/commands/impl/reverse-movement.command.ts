import { Command } from '@nestjs/cqrs';
import type { AuthUser } from '../../../access';
import type { Positioned } from '../../../event-store';
import type { MovementResult } from '../answers';
import type { CommandContext } from './command-context';

/** Undo a recorded movement by a correcting one that points at it (`reverses`). */
export class ReverseMovementCommand extends Command<Positioned<MovementResult>> {
  constructor(
    public readonly originalId: string,
    /** The correcting movement's id. */
    public readonly movementId: string,
    public readonly reason: string,
    public readonly user: AuthUser,
    public readonly context: CommandContext,
  ) {
    super();
  }
}
