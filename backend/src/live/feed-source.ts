import type { Statements } from '../database';
import type { EventRange } from '../projections';
import { compareCheckpoints } from './feed-order';
import type { FeedEntry } from './live-messages';

/**
 * A kind of live message. The feed reads every source for the same range of the store's order and
 * merges what they return, so a source's read must depend only on what is committed up to
 * `range.upTo`: every replica, and every resume, reading that range must get the same messages.
 */
export interface FeedSource {
  readonly name: string;
  /**
   * Rows of `checkpoints` whose read models the messages come from: the feed goes no further than
   * the least of them, so a client that fetches on a message sees the new state.
   */
  readonly checkpoints: readonly string[];
  /** The messages for the events after `range.after` up to `range.upTo`, in any order. */
  read(range: EventRange, db: Statements): Promise<FeedEntry[]>;
}

/** The feed's sources: each feature adds its own (before the app bootstraps). */
export class LiveFeedSources {
  private readonly sources: FeedSource[] = [];
  private sealed = false;

  add(source: FeedSource): void {
    if (this.sealed) throw new Error(`feed source ${source.name} added after the live feed started`);
    this.sources.push(source);
  }

  /** The sources, fixed from now on. */
  seal(): readonly FeedSource[] {
    this.sealed = true;
    return this.sources;
  }
}

/** The sources' messages for `range`, merged in the feed's order. */
export async function readFeed(sources: readonly FeedSource[], range: EventRange, db: Statements): Promise<FeedEntry[]> {
  const parts = await Promise.all(sources.map((source) => source.read(range, db)));
  return parts.flat().sort(compareCheckpoints);
}
