import type { ActingUser } from '../../../access';
import type { InventoryEventMetadata } from '../../domain/item-events';

/** What the edge knows about a command besides its data: who, which conversation, when, which retry key. */
export interface CommandContext {
  readonly user: ActingUser;
  readonly correlationId: string;
  /** From the `Idempotency-Key` header; `requestHash` tells a retry from a reuse of the key. */
  readonly idempotency?: { readonly key: string; readonly requestHash: string } | undefined;
  readonly now: Date;
}

/** The metadata every event a command appends carries: who, in which conversation, with which retry key. */
export const metadataOf = (context: CommandContext): InventoryEventMetadata => ({
  userId: context.user.id,
  username: context.user.username,
  correlationId: context.correlationId,
  ...(context.idempotency && { idempotencyKey: context.idempotency.key }),
});
