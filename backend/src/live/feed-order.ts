import type { Checkpoint } from '../event-store';

/**
 * The feed's order is the projections' gap-free order, (transaction id, position): a message's
 * position alone does not place it, since a transaction that took its id first may hold a larger
 * position. Transaction ids are canonical decimal text, so length then text compares them exactly.
 */
export function compareCheckpoints(a: Checkpoint, b: Checkpoint): number {
  if (a.transactionId !== b.transactionId) {
    const byLength = a.transactionId.length - b.transactionId.length;
    if (byLength !== 0) return byLength;
    return a.transactionId < b.transactionId ? -1 : 1;
  }
  return a.position - b.position;
}

export const laterOf = (a: Checkpoint, b: Checkpoint): Checkpoint => (compareCheckpoints(a, b) >= 0 ? a : b);
export const earlierOf = (a: Checkpoint, b: Checkpoint): Checkpoint => (compareCheckpoints(a, b) <= 0 ? a : b);
