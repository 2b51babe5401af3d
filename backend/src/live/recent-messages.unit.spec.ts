import { START, type Checkpoint } from '../event-store/stored-event';
import { compareCheckpoints } from './feed-order';
import { RecentMessages } from './recent-messages';

const at = (transactionId: string, position: number): Checkpoint => ({ transactionId, position });
const entry = (point: Checkpoint) => ({ at: point, frame: Buffer.from(String(point.position)), wire: Buffer.from(String(point.position)) });
const positionsOf = (entries: { at: Checkpoint }[] | undefined) => entries?.map((e) => e.at.position);

describe('the feed order', () => {
  it('compares transaction ids as numbers, then positions, so a larger position may come first', () => {
    expect(compareCheckpoints(at('9', 50), at('10', 3))).toBeLessThan(0);
    expect(compareCheckpoints(at('10', 3), at('10', 4))).toBeLessThan(0);
    expect(compareCheckpoints(at('123', 7), at('122', 900))).toBeGreaterThan(0);
    expect(compareCheckpoints(at('5', 5), at('5', 5))).toBe(0);
  });
});

describe('the messages held for resumes', () => {
  // Feed order: position 12 (transaction 99) before position 11 (transaction 100).
  const order = [at('98', 10), at('99', 12), at('100', 11), at('101', 13), at('101', 14)];

  it('answers what follows a point in feed order, not in position order', () => {
    const recent = new RecentMessages(10, START);
    for (const point of order) recent.push(entry(point));
    expect(positionsOf(recent.after(at('99', 12)))).toEqual([11, 13, 14]);
    expect(positionsOf(recent.after(at('100', 11)))).toEqual([13, 14]);
    expect(positionsOf(recent.after(START))).toEqual([10, 12, 11, 13, 14]);
    expect(positionsOf(recent.after(at('101', 14)))).toEqual([]);
    expect(recent.checkpointOf(11)).toEqual(at('100', 11));
  });

  it('keeps the last `capacity` messages and says when older ones are asked for', () => {
    const recent = new RecentMessages(2, START);
    for (const point of order) recent.push(entry(point));
    expect(recent.size).toBe(2);
    expect(recent.base).toEqual(at('100', 11));
    expect(recent.after(at('99', 12))).toBeUndefined();
    expect(positionsOf(recent.after(at('100', 11)))).toEqual([13, 14]);
    expect(recent.checkpointOf(12)).toBeUndefined();
  });

  it('forgets a transaction whole, so that a resume reads none of it from the store and the rest from memory', () => {
    const recent = new RecentMessages(2, START);
    for (const point of [at('1', 1), at('2', 2), at('2', 3), at('3', 4)]) recent.push(entry(point));
    expect(recent.base).toEqual(at('2', 3));
    expect(recent.after(at('2', 2))).toBeUndefined();
    expect(positionsOf(recent.after(at('2', 3)))).toEqual([4]);
  });

  it('stays bounded however many messages pass through it', () => {
    const recent = new RecentMessages(3, START);
    for (let n = 1; n <= 10_000; n += 1) recent.push(entry(at(String(n), n)));
    expect(recent.size).toBe(3);
    expect(positionsOf(recent.after(at('9997', 9997)))).toEqual([9998, 9999, 10_000]);
  });

  it('starts afresh from a point after a reset', () => {
    const recent = new RecentMessages(5, START);
    for (const point of order) recent.push(entry(point));
    recent.clear(at('101', 14));
    expect(recent.size).toBe(0);
    expect(recent.after(at('100', 11))).toBeUndefined();
    expect(recent.after(at('101', 14))).toEqual([]);
  });
});
