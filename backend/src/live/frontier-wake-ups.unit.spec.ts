import { changesPayload } from '../projections/changes-channel';
import { frontierWakeUps } from './frontier-wake-ups';

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
