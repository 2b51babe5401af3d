import type { Checkpoint } from '../event-store';
import { liveCheckpoint, parseChangesNotice } from '../projections';
import { compareCheckpoints, earlierOf, laterOf } from './feed-order';

/**
 * Whether a notice on the changes channel may have moved the frontier of a reader of some
 * projections (the live feed, the webhook outbox): the least of their checkpoints. A movement
 * commits a batch of every projection, each with its notice; of the ones a reader reads, only the
 * last to arrive moves its frontier, so only that one wakes it. Until every checkpoint has been
 * heard of, and after a rebuild or a reconnect's '' (notices may have been missed), every notice of
 * theirs wakes it; the reader's slow poll covers the rest.
 */
export function frontierWakeUps(checkpoints: () => readonly string[]): (payload: string) => boolean {
  const heard = new Map<string, Checkpoint>();
  const frontier = (): Checkpoint | undefined => {
    let least: Checkpoint | undefined;
    for (const name of checkpoints()) {
      const point = heard.get(name);
      if (!point) return undefined;
      least = least ? earlierOf(least, point) : point;
    }
    return least;
  };
  return (payload) => {
    const notice = parseChangesNotice(payload);
    if (!notice || notice.rebuilt) {
      heard.clear();
      return true;
    }
    const name = liveCheckpoint(notice.projection);
    if (!checkpoints().includes(name)) return false;
    const before = frontier();
    const known = heard.get(name);
    heard.set(name, known ? laterOf(known, notice.upTo) : notice.upTo);
    const after = frontier();
    return !before || !after || compareCheckpoints(after, before) > 0;
  };
}
