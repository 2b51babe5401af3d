import type { Checkpoint } from '../event-store';
import { compareCheckpoints } from './feed-order';
import type { OutgoingEntry } from './live-messages';

/**
 * The last `capacity` messages (or fewer, to start at a transaction's first), in feed order: they
 * answer most resumes without the database. It holds every message after `base` up to the feed's
 * cursor; older ones are read from the database.
 */
export class RecentMessages {
  private entries: OutgoingEntry[] = [];
  private first = 0;
  private readonly positions = new Map<number, Checkpoint>();

  constructor(
    private readonly capacity: number,
    private start: Checkpoint,
  ) {}

  /** Messages at or before this point are no longer held. */
  get base(): Checkpoint {
    return this.start;
  }

  get size(): number {
    return this.entries.length - this.first;
  }

  /** Forgets everything: the buffer now starts at `base`. */
  clear(base: Checkpoint): void {
    this.entries = [];
    this.first = 0;
    this.positions.clear();
    this.start = base;
  }

  push(entry: OutgoingEntry): void {
    this.entries.push(entry);
    this.positions.set(entry.at.position, entry.at);
    // A transaction goes whole: a resume then reads it all from the store, or all from here, never half and half.
    while (this.size > this.capacity || (this.size > 0 && this.entries[this.first]?.at.transactionId === this.start.transactionId)) {
      const evicted = this.entries[this.first];
      if (evicted === undefined) break;
      this.first += 1;
      this.positions.delete(evicted.at.position);
      this.start = evicted.at;
    }
    // Drop the evicted prefix now and then instead of shifting on every push.
    if (this.first > this.capacity) {
      this.entries = this.entries.slice(this.first);
      this.first = 0;
    }
  }

  /** Where a held message stands in the feed's order. */
  checkpointOf(position: number): Checkpoint | undefined {
    return this.positions.get(position);
  }

  /** The held messages after `from`, or undefined when some of them are no longer held. */
  after(from: Checkpoint): OutgoingEntry[] | undefined {
    if (compareCheckpoints(from, this.start) < 0) return undefined;
    let low = this.first;
    let high = this.entries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const entry = this.entries[middle];
      if (entry && compareCheckpoints(entry.at, from) <= 0) low = middle + 1;
      else high = middle;
    }
    return this.entries.slice(low);
  }
}
