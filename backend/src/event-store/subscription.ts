import { EVENTS_CHANNEL, type StoreNotifications } from './store-notifications';

export interface SubscriptionOptions {
  /** The slow poll that covers a lost notification. */
  readonly pollMs: number;
  /** While committed events wait behind an older open transaction, look again after this, doubling up to `pollMs`. */
  readonly settleMs: number;
  /**
   * After a step that took at least `lingerAbove` events (so they arrive faster than steps run),
   * wait `lingerMs` before the next one and let more gather: under load a step costs its round
   * trips once for many events; a trickle of events is still taken at once.
   */
  readonly lingerAbove: number;
  readonly lingerMs: number;
  /** Whether a notification on the channel concerns this consumer; one that does not leaves it asleep. */
  readonly wakesOn: (payload: string) => boolean;
  readonly onError: (error: unknown) => void;
}

/** What one step did. */
export interface StepOutcome {
  /** Events (or other work) it took. */
  readonly processed: number;
  /** It stopped at its limit: more is waiting already. */
  readonly more: boolean;
  /** Committed events wait behind an older open transaction, which may end without a notification. */
  readonly heldBack: boolean;
}

const DEFAULTS: SubscriptionOptions = {
  pollMs: 2000,
  settleMs: 10,
  lingerAbove: Infinity,
  lingerMs: 0,
  wakesOn: () => true,
  onError: () => undefined,
};

/**
 * Keeps a consumer caught up: runs `step` (which processes one batch) while it says more is
 * waiting, then sleeps until a notification (or one that came during the step), a reconnect or
 * the poll; events held back by an older open transaction are looked for again soon instead,
 * since that transaction may end silently.
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
    private readonly step: () => Promise<StepOutcome>,
    private readonly notifications: StoreNotifications | undefined,
    options: Partial<SubscriptionOptions> = {},
    private readonly channel = EVENTS_CHANNEL,
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = this.notifications?.on(this.channel, (payload) => {
      if (this.options.wakesOn(payload)) this.wake();
    });
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
    let settleMs = this.options.settleMs;
    let failures = 0;
    while (this.running) {
      this.woken = false;
      let outcome: StepOutcome;
      try {
        outcome = await this.step();
        failures = 0;
      } catch (error) {
        this.options.onError(error);
        failures += 1;
        await this.sleep(Math.min(100 * 2 ** failures, 5000));
        continue;
      }
      if (outcome.more) continue;
      if (outcome.processed >= this.options.lingerAbove) await this.linger();
      if (outcome.heldBack) {
        await this.sleep(settleMs);
        settleMs = Math.min(settleMs * 2, this.options.pollMs);
        continue;
      }
      settleMs = this.options.settleMs;
      await this.sleep(this.options.pollMs);
    }
  }

  /** A pause that notifications do not cut short; one that comes during it wakes the next sleep. */
  private linger(): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, this.options.lingerMs));
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
