import type { Checkpoint } from '../event-store/stored-event';
import { compareCheckpoints } from './feed-order';
import { HeldSpan } from './held-span';

const at = (transactionId: string, position: number): Checkpoint => ({ transactionId, position });
// Feed order, in which position 3 (transaction 11) comes before position 2 (transaction 12).
const feed = [at('10', 1), at('11', 3), at('12', 2), at('13', 4), at('14', 5), at('15', 6), at('16', 7)];
const positionsOf = (points: readonly Checkpoint[]) => points.map((point) => point.position);

/** A socket that went live at `feed[start]` and was sent the messages up to `feed[end]`. */
function sentLive(start: number, end: number): HeldSpan {
  const held = HeldSpan.at(feed[start]!);
  for (const point of feed.slice(start + 1, end + 1)) if (held.isNew(point)) held.extendTo(point);
  return held;
}

/** What a resume from `after` sends, reading one message at a time as the replay does, then what it holds. */
function replay(held: HeldSpan, after: Checkpoint): Checkpoint[] {
  const sent: Checkpoint[] = [];
  let point = after;
  for (;;) {
    point = held.readOnFrom(point);
    const next = feed.find((candidate) => compareCheckpoints(candidate, point) > 0);
    if (!next) break;
    if (!held.holds(next)) sent.push(next);
    point = next;
  }
  held.resumed(after, point);
  return sent;
}

describe("what a socket's client holds", () => {
  it('takes each live message beyond what it holds once, in feed order rather than position order', () => {
    const held = HeldSpan.at(feed[1]!);
    expect(held.isNew(feed[1]!)).toBe(false);
    expect(held.isNew(feed[2]!)).toBe(true);
    held.extendTo(feed[2]!);
    expect(held.isNew(feed[2]!)).toBe(false);
    expect(held.holds(feed[2]!)).toBe(true);
    expect(held.holds(feed[1]!)).toBe(false);
  });

  it('makes a resume from before the span read the gap, then skip past the span', () => {
    const held = sentLive(2, 4);
    expect(held.readOnFrom(feed[0]!)).toEqual(feed[0]);
    expect(held.readOnFrom(feed[2]!)).toEqual(feed[4]);
    expect(held.readOnFrom(feed[3]!)).toEqual(feed[4]);
    expect(held.readOnFrom(feed[5]!)).toEqual(feed[5]);
    expect(positionsOf(replay(held, feed[0]!))).toEqual([3, 2, 6, 7]);
    // Afterwards the client holds everything after the resume point.
    expect(held.holds(feed[1]!)).toBe(true);
    expect(held.holds(feed[0]!)).toBe(false);
    expect(held.isNew(feed[6]!)).toBe(false);
  });

  it('counts as missed what lies between a resume point and the span, nothing when the point is in it or beyond', () => {
    const held = sentLive(2, 4);
    expect(held.gapEnd(feed[0]!)).toEqual(feed[2]);
    expect(held.gapEnd(feed[3]!)).toEqual(feed[3]);
    expect(held.gapEnd(feed[6]!)).toEqual(feed[6]);
  });

  it('makes a resume from within the span or beyond it send only what follows', () => {
    expect(positionsOf(replay(sentLive(1, 4), feed[3]!))).toEqual([6, 7]);
    expect(positionsOf(replay(sentLive(1, 2), feed[4]!))).toEqual([6, 7]);
  });

  it('gives the client every message after its resume point exactly once, wherever the point and the span lie', () => {
    for (let start = 0; start < feed.length; start += 1) {
      for (let end = start; end < feed.length; end += 1) {
        for (let after = 0; after < feed.length; after += 1) {
          const live = feed.slice(start + 1, end + 1);
          const replayed = replay(sentLive(start, end), feed[after]!);
          const expected = feed.slice(Math.min(after, start) + 1);
          const received = [...live, ...replayed].sort(compareCheckpoints);
          expect(positionsOf(received), `live from ${start} to ${end}, resumed after ${after}`).toEqual(
            positionsOf(after <= start ? expected : [...live, ...feed.slice(Math.max(after, end) + 1)]),
          );
          // What is replayed comes in feed order.
          expect(positionsOf(replayed)).toEqual(positionsOf([...replayed].sort(compareCheckpoints)));
        }
      }
    }
  });
});
