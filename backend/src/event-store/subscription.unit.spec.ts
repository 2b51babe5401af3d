import { Subscription, type StepOutcome } from './subscription';
import type { StoreNotifications } from './store-notifications';

/** A step that reports the sizes it is given, one per call, then nothing. */
function scriptedStep(sizes: number[]) {
  const startedAt: number[] = [];
  const step = (): Promise<StepOutcome> => {
    startedAt.push(Date.now());
    return Promise.resolve({ processed: sizes.shift() ?? 0, more: false, heldBack: false });
  };
  return { step, startedAt };
}

/** Stops a subscription that may be lingering: the pause runs out on the fake clock. */
async function stopLingering(subscription: Subscription): Promise<void> {
  const stopped = subscription.stop();
  await vi.advanceTimersByTimeAsync(25);
  await stopped;
}

describe('a subscription under load', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const options = { pollMs: 60_000, lingerAbove: 4, lingerMs: 25 };

  it('lets the next batch gather for lingerMs after a large one, whatever wakes it meanwhile', async () => {
    const consumer = scriptedStep([10, 10]);
    const subscription = new Subscription(consumer.step, undefined, options);
    const begun = Date.now();
    subscription.start();
    await vi.advanceTimersByTimeAsync(0);
    for (let ms = 0; ms < 24; ms += 3) {
      subscription.wake();
      await vi.advanceTimersByTimeAsync(3);
    }
    expect(consumer.startedAt.map((at) => at - begun)).toEqual([0]);
    await vi.advanceTimersByTimeAsync(1);
    expect(consumer.startedAt.map((at) => at - begun)).toEqual([0, 25]);
    await stopLingering(subscription);
  });

  it('takes a small batch and then the next wake at once', async () => {
    const consumer = scriptedStep([3, 1]);
    const subscription = new Subscription(consumer.step, undefined, options);
    const begun = Date.now();
    subscription.start();
    await vi.advanceTimersByTimeAsync(5);
    subscription.wake();
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(2);
    subscription.wake();
    await vi.advanceTimersByTimeAsync(0);
    expect(consumer.startedAt.map((at) => at - begun)).toEqual([0, 5, 7]);
    await subscription.stop();
  });

  it('does not linger after a full batch: more is already waiting', async () => {
    let calls = 0;
    const step = (): Promise<StepOutcome> => {
      calls += 1;
      return Promise.resolve({ processed: 500, more: calls < 3, heldBack: false });
    };
    const subscription = new Subscription(step, undefined, options);
    subscription.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toBe(3);
    await stopLingering(subscription);
  });
});

describe('a subscription that picks its notifications', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('stays asleep for a notification its wakesOn turns down, and wakes for one it takes', async () => {
    const handlers: ((payload: string) => void)[] = [];
    const notifications = {
      on: (_channel: string, handler: (payload: string) => void) => {
        handlers.push(handler);
        return () => undefined;
      },
    } as unknown as StoreNotifications;
    const consumer = scriptedStep([]);
    const subscription = new Subscription(consumer.step, notifications, { pollMs: 60_000, wakesOn: (payload) => payload !== 'other' });
    const begun = Date.now();
    subscription.start();
    await vi.advanceTimersByTimeAsync(5);
    for (const handler of handlers) handler('other');
    await vi.advanceTimersByTimeAsync(5);
    for (const handler of handlers) handler('mine');
    await vi.advanceTimersByTimeAsync(0);
    expect(consumer.startedAt.map((at) => at - begun)).toEqual([0, 10]);
    await subscription.stop();
  });
});
