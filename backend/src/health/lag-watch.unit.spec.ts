import type { ConsumerLagReading } from '../metrics/consumer-lag';
import { LagWatch } from './lag-watch';

const reading = (name: string, behind: number): ConsumerLagReading => ({ name, behind, position: 0, updatedAt: new Date(0) });

describe('LagWatch', () => {
  let now = 0;
  const watch = () => new LagWatch({ maxEvents: 100, maxSeconds: 30 }, () => now);

  beforeEach(() => {
    now = 1_000_000;
  });

  it('does not call a consumer lagging while it is within the bound', () => {
    const lag = watch();
    expect(lag.observe([reading('items', 100)])).toEqual([
      expect.objectContaining({ name: 'items', behind: 100, behindSince: null, lagging: false }),
    ]);
  });

  it('calls a consumer lagging once it has been beyond the bound for longer than the time allowed', () => {
    const lag = watch();
    expect(lag.observe([reading('items', 500)])[0]).toMatchObject({ behindSince: new Date(now), lagging: false });
    now += 30_000;
    expect(lag.observe([reading('items', 400)])[0]).toMatchObject({ lagging: false });
    now += 1;
    expect(lag.observe([reading('items', 300)])[0]).toMatchObject({ behindSince: new Date(now - 30_001), lagging: true });
  });

  it('starts the clock again when the consumer comes back within the bound', () => {
    const lag = watch();
    lag.observe([reading('items', 500)]);
    now += 20_000;
    lag.observe([reading('items', 50)]);
    now += 20_000;
    expect(lag.observe([reading('items', 500)])[0]).toMatchObject({ behindSince: new Date(now), lagging: false });
    now += 20_000;
    expect(lag.observe([reading('items', 500)])[0]).toMatchObject({ lagging: false });
  });

  it('judges each consumer on its own and forgets one whose checkpoint is gone', () => {
    const lag = watch();
    lag.observe([reading('items', 500), reading('history', 500)]);
    now += 31_000;
    expect(lag.observe([reading('items', 500), reading('history', 5)]).map((each) => each.lagging)).toEqual([true, false]);
    lag.observe([reading('history', 5)]);
    expect(lag.observe([reading('items', 500)])[0]).toMatchObject({ behindSince: new Date(now), lagging: false });
  });
});
