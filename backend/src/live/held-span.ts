import type { Checkpoint } from '../event-store';
import { compareCheckpoints, earlierOf, laterOf } from './feed-order';

/**
 * What a socket's client holds of the feed: every message after `from` up to `upTo`, in the feed's
 * order, each sent on the socket once (or, from a resume, that the client said it had). Live
 * messages extend it at its end. A resume from a point before it replays the gap up to `from` and
 * skips the span itself, so a resume that arrives after live messages went out repeats none of them.
 */
export class HeldSpan {
  private constructor(
    private from: Checkpoint,
    private upTo: Checkpoint,
  ) {}

  /** Nothing held yet: the socket goes live from `point`. */
  static at(point: Checkpoint): HeldSpan {
    return new HeldSpan(point, point);
  }

  /** Whether the message at `point` lies beyond the span: a live message the client has not had. */
  isNew(point: Checkpoint): boolean {
    return compareCheckpoints(point, this.upTo) > 0;
  }

  /** Whether the client holds the message at `point`. */
  holds(point: Checkpoint): boolean {
    return compareCheckpoints(point, this.from) > 0 && !this.isNew(point);
  }

  /** The message at `point` was sent live. */
  extendTo(point: Checkpoint): void {
    this.upTo = laterOf(this.upTo, point);
  }

  /** The end of the gap a resume from `after` must replay before the span: its start, or `after` when the client holds that far. */
  gapEnd(after: Checkpoint): Checkpoint {
    return compareCheckpoints(after, this.from) < 0 ? this.from : after;
  }

  /** Where a replay that has read up to `point` reads on: past the span once it reaches it. */
  readOnFrom(point: Checkpoint): Checkpoint {
    return compareCheckpoints(point, this.from) >= 0 && !this.isNew(point) ? this.upTo : point;
  }

  /** A resume from `after` was answered up to `reached`: the client holds everything in between, and the span. */
  resumed(after: Checkpoint, reached: Checkpoint): void {
    this.from = earlierOf(this.from, after);
    this.upTo = laterOf(this.upTo, reached);
  }
}
