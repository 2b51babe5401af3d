import { IdempotencyKeyReusedError, positioned, type EventStore, type Positioned } from '../../event-store';
import type { CommandContext } from './impl/command-context';

/** The stored answer to the key this user already used for this request; undefined when the key is new. */
export async function storedAnswer(store: EventStore, context: CommandContext): Promise<unknown> {
  if (!context.idempotency) return undefined;
  const stored = await store.findIdempotency(context.user.id, context.idempotency.key);
  if (!stored) return undefined;
  if (stored.requestHash !== context.idempotency.requestHash) throw new IdempotencyKeyReusedError(context.idempotency.key);
  return stored.result;
}

/** A stored answer, at the position of the last event of `streamId` that its keyed command appended (`metadataOf` marks them). */
export async function answeredAt<Answer extends object>(
  store: EventStore,
  streamId: string,
  context: CommandContext,
  answer: Answer,
): Promise<Positioned<Answer>> {
  const key = context.idempotency?.key;
  if (key === undefined) throw new Error(`${streamId}: only a command with an idempotency key has a stored answer to replay`);
  const position = await store.lastPositionWith(streamId, { userId: context.user.id, idempotencyKey: key });
  if (position === undefined) throw new Error(`no event in ${streamId} carries the answered idempotency key`);
  return positioned(answer, position);
}
