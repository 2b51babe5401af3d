import type { NewQueuedMovement, QueuedMovement, Refusal } from './queued-movement';

/** Where the queue and its refusals are kept (IndexedDB in the app). */
export interface OutboxStorage {
  /** The user's waiting movements, oldest first. */
  waiting(userId: string): Promise<QueuedMovement[]>;
  add(entry: NewQueuedMovement): Promise<QueuedMovement>;
  /** False when it was no longer there. */
  remove(seq: number): Promise<boolean>;
  /** Takes the movement out of the queue and into the refusals, in one step. */
  refuse(refusal: Refusal): Promise<void>;
  refusals(userId: string): Promise<Refusal[]>;
  dropRefusal(key: string): Promise<void>;
}
