import { changesPayload } from '../projections/changes-channel';
import { frontierWakeUps, HeardFrontier } from './frontier-wake-ups';

const at = (position: number) => ({ transactionId: String(100 + position), position });
const batch = (projection: string, position: number) => changesPayload({ projection, upTo: at(position), events: 1 });

describe('which notices wake a reader of some projections', () => {
  const reader = () => frontierWakeUps(() => ['projection.items', 'projection.history']);

  it('stays asleep for a batch of a projection it does not read', () => {
    expect(reader()(batch('valuation', 1))).toBe(false);
  });

  it('wakes for every batch of its own until it has heard of each of its projections', () => {
    const wakes = reader();
    expect([wakes(batch('items', 1)), wakes(batch('items', 2)), wakes(batch('history', 1))]).toEqual([true, true, true]);
  });

  it('then wakes only when the last of its projections reaches a movement, the one that moves its frontier', () => {
    const wakes = reader();
    wakes(batch('items', 1));
    wakes(batch('history', 1));
    expect([wakes(batch('items', 2)), wakes(batch('history', 2))]).toEqual([false, true]);
    expect([wakes(batch('history', 3)), wakes(batch('items', 4))]).toEqual([false, true]);
  });

  it('is not set back by a late notice of an older batch', () => {
    const wakes = reader();
    wakes(batch('items', 5));
    wakes(batch('history', 5));
    expect([wakes(batch('items', 3)), wakes(batch('history', 6)), wakes(batch('items', 6))]).toEqual([false, false, true]);
  });

  it('wakes for a rebuild, and for the empty notice of a reconnect, and then for every batch again', () => {
    const wakes = reader();
    wakes(batch('items', 1));
    wakes(batch('history', 1));
    expect(wakes(changesPayload({ projection: 'valuation', upTo: at(1), events: 0, rebuilt: true }))).toBe(true);
    expect(wakes(batch('items', 2))).toBe(true);
    wakes(batch('history', 2));
    expect(wakes('')).toBe(true);
    expect(wakes(batch('items', 3))).toBe(true);
  });
});

describe('the frontier a reader has heard of', () => {
  const heard = () => new HeardFrontier(() => ['projection.items', 'projection.history']);

  it('is unknown until each of its projections has been heard of, then the least of their points', () => {
    const frontier = heard();
    frontier.hear(batch('items', 4));
    frontier.hear(batch('valuation', 9));
    expect(frontier.point).toBeUndefined();
    frontier.hear(batch('history', 3));
    expect(frontier.point).toEqual(at(3));
    frontier.hear(batch('history', 5));
    expect(frontier.point).toEqual(at(4));
  });

  it('is not set back by a late notice of an older batch', () => {
    const frontier = heard();
    frontier.hear(batch('items', 6));
    frontier.hear(batch('history', 6));
    frontier.hear(batch('items', 2));
    expect(frontier.point).toEqual(at(6));
  });

  it('is unknown again after a rebuild, a reconnect or being forgotten, until each projection is heard of again', () => {
    for (const unsettle of [
      (frontier: HeardFrontier) => frontier.hear(changesPayload({ projection: 'stock', upTo: at(1), events: 0, rebuilt: true })),
      (frontier: HeardFrontier) => frontier.hear(''),
      (frontier: HeardFrontier) => frontier.forget(),
    ]) {
      const frontier = heard();
      frontier.hear(batch('items', 1));
      frontier.hear(batch('history', 1));
      unsettle(frontier);
      expect(frontier.point).toBeUndefined();
      frontier.hear(batch('items', 2));
      expect(frontier.point).toBeUndefined();
      frontier.hear(batch('history', 2));
      expect(frontier.point).toEqual(at(2));
    }
  });
});
