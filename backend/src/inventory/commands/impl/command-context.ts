import type { ActingUser } from '../../../access';

/** What the edge knows about a command besides its data: who, which conversation, when, which retry key. */
export interface CommandContext {
  readonly user: ActingUser;
  readonly correlationId: string;
  /** From the `Idempotency-Key` header; `requestHash` tells a retry from a reuse of the key. */
  readonly idempotency?: { readonly key: string; readonly requestHash: string } | undefined;
  readonly now: Date;
}
