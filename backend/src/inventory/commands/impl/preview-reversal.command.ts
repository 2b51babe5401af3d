import { Command } from '@nestjs/cqrs';
import type { AuthUser } from '../../../access';
import type { ReversalPreview } from '../answers';

/** What reversing a movement would do (`?dryRun=true`): decided like the reversal, nothing appended. */
export class PreviewReversalCommand extends Command<ReversalPreview> {
  constructor(
    public readonly originalId: string,
    public readonly reason: string,
    public readonly user: AuthUser,
  ) {
    super();
  }
}
