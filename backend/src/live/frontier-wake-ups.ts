import type { Checkpoint } from '../event-store';
import { liveCheckpoint, parseChangesNotice } from '../projections';
import { compareCheckpoints, earlierOf, laterOf } from './feed-order';

/**
 * The frontier of a reader of some projections (the live feed, the webhook outbox), the least of
 * their checkpoints, as their notices on the changes channel tell it. A notice is sent as its batch
 * commits, so each checkpoint is at least where its last notice put it.
 */
export class HeardFrontier {
  private readonly heard = new Map<string, Checkpoint>();

  constructor(private readonly checkpoints: () => readonly string[]) {}

  /** The least of the checkpoints heard of; undefined until each has been heard of since the last rebuild, reconnect or `forget`. */
  get point(): Checkpoint | undefined {
    let least: Checkpoint | undefined;
    for (const name of this.checkpoints()) {
      const point = this.heard.get(name);
      if (!point) return undefined;
      least = least ? earlierOf(least, point) : point;
    }
    return least;
  }

  /**
   * Takes a notice in; whether it may have moved the frontier. A movement commits a batch of every
   * projection, each with its notice; of the ones the reader reads, only the last to arrive moves
   * its frontier, so only that one wakes it. Until every checkpoint has been heard of, and after a
   * rebuild or a reconnect's '' (notices may have been missed), every notice of theirs wakes it; the
   * reader's slow poll covers the rest.
   */
  hear(payload: string): boolean {
    const notice = parseChangesNotice(payload);
    if (!notice || notice.rebuilt) {
      this.forget();
      return true;
    }
    const name = liveCheckpoint(notice.projection);
    if (!this.checkpoints().includes(name)) return false;
    const before = this.point;
    const known = this.heard.get(name);
    this.heard.set(name, known ? laterOf(known, notice.upTo) : notice.upTo);
    const after = this.point;
    return !before || !after || compareCheckpoints(after, before) > 0;
  }

  /** Drops what was heard (a restore: the points of the old history mean nothing now). */
  forget(): void {
    this.heard.clear();
  }
}

/** Whether a notice on the changes channel may have moved the frontier of a reader of `checkpoints` (see HeardFrontier.hear). */
export function frontierWakeUps(checkpoints: () => readonly string[]): (payload: string) => boolean {
  const frontier = new HeardFrontier(checkpoints);
  return (payload) => frontier.hear(payload);
}
