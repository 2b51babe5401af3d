import { EVENTS_CHANNEL, type StoreNotifications } from './store-notifications';

export interface SubscriptionOptions {
  /** The slow poll that covers a lost notification. */
  readonly pollMs: number;
  /** After a wake-up finds nothing, the xmin horizon may not have passed yet: look again this often, this many times. */
  readonly settleMs: number;
  readonly settleTries: number;
  readonly onError: (error: unknown) => void;
}

const DEFAULTS: SubscriptionOptions = { pollMs: 2000, settleMs: 15, settleTries: 8, onError: () => undefined };

/**
 * Keeps a consumer caught up: runs `step` (which processes one batch and says how many events
 * it took) until it finds nothing, then sleeps until a notification, a reconnect or the poll.
 * An error in a step is reported and retried after a pause; the loop never dies of it.
 */
export class Subscription {
  private readonly options: SubscriptionOptions;
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private woken = false;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly step: () => Promise<number>,
    private readonly notifications: StoreNotifications | undefined,
    options: Partial<SubscriptionOptions> = {},
    private readonly channel = EVENTS_CHANNEL,
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = this.notifications?.on(this.channel, () => this.wake());
    this.loop = this.run();
  }

  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.wakeUp?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    let settling = 0;
    let failures = 0;
    while (this.running) {
      this.woken = false;
      let processed: number;
      try {
        processed = await this.step();
        failures = 0;
      } catch (error) {
        this.options.onError(error);
        failures += 1;
        await this.sleep(Math.min(100 * 2 ** failures, 5000));
        continue;
      }
      if (processed > 0) {
        settling = this.options.settleTries;
        continue;
      }
      if (this.woken) settling = this.options.settleTries;
      if (settling > 0) {
        settling -= 1;
        await this.sleep(this.options.settleMs);
        continue;
      }
      await this.sleep(this.options.pollMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = undefined;
        done();
      };
      if (this.woken || !this.running) this.wakeUp();
    });
  }
}
