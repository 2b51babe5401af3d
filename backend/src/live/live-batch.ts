import type { Checkpoint } from '../event-store';
import type { HeldSpan } from './held-span';
import type { OutgoingEntry } from './live-messages';

/**
 * One wake-up's messages (in feed order, at least one), framed once. A socket that holds none of
 * them, which is every live socket but one just resumed, gets the same bytes as all the others, in
 * one write: the cost of a socket is one system call per wake-up, however many messages it carries.
 */
export class LiveBatch {
  private whole: Buffer | undefined;

  constructor(private readonly entries: readonly OutgoingEntry[]) {}

  /** Where the batch ends: a socket sent it holds the feed up to here. */
  get end(): Checkpoint {
    const last = this.entries.at(-1);
    if (!last) throw new Error('a live batch holds at least one message');
    return last.at;
  }

  /** The frames of the messages a client holding `held` has not had, as bytes to write; undefined when it has them all. */
  bytesFor(held: HeldSpan): Buffer | undefined {
    const first = this.entries.findIndex((entry) => held.isNew(entry.at));
    if (first === 0) return (this.whole ??= joined(this.entries));
    // Live messages extend the held span at its end, so what a socket lacks is a tail of the batch.
    return first < 0 ? undefined : joined(this.entries.slice(first));
  }
}

const joined = (entries: readonly OutgoingEntry[]): Buffer =>
  entries.length === 1 && entries[0] ? entries[0].wire : Buffer.concat(entries.map((entry) => entry.wire));
