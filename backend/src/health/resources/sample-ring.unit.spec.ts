import { SampleRing } from './sample-ring';

describe('SampleRing', () => {
  it('keeps the newest items up to its capacity, oldest first', () => {
    const ring = new SampleRing<number>(3);
    expect(ring.toArray()).toEqual([]);
    expect(ring.latest).toBeUndefined();
    ring.push(1);
    ring.push(2);
    expect(ring.toArray()).toEqual([1, 2]);
    for (const item of [3, 4, 5]) ring.push(item);
    expect(ring.toArray()).toEqual([3, 4, 5]);
    expect(ring.latest).toBe(5);
  });

  it('holds an hour of 10-second samples and no more, however many come', () => {
    const ring = new SampleRing<number>(360);
    for (let sample = 1; sample <= 1000; sample += 1) ring.push(sample);
    const kept = ring.toArray();
    expect(kept).toHaveLength(360);
    expect([kept[0], kept.at(-1)]).toEqual([641, 1000]);
  });

  it('refuses a capacity below one', () => {
    expect(() => new SampleRing(0)).toThrow(/at least one/);
  });
});
