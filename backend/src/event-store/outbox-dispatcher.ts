import type { BeforeApplicationShutdown, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { messageOf } from '../common';
import { Subscription } from './subscription';

/**
 * The loop of an outbox's dispatcher: `deliverDue` tries what is due (claimed, so replicas share
 * the work) and answers how many it tried. A round that tried something looks again at once, since
 * more may have come due meanwhile; otherwise it sleeps until `wake` (this process queued
 * something) or the poll, which finds retries coming due and other replicas' rows.
 */
export abstract class OutboxDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly subscription: Subscription;

  protected constructor(
    protected readonly logger: Logger,
    pollMs: number,
  ) {
    const round = async () => {
      const tried = await this.deliverDue();
      return { processed: tried, more: tried > 0, heldBack: false };
    };
    this.subscription = new Subscription(round, undefined, {
      pollMs,
      onError: (error) => this.logger.error(`delivery round failed: ${messageOf(error)}`),
    });
  }

  /** Makes one attempt at each delivery due now; how many it tried. */
  abstract deliverDue(): Promise<number>;

  onApplicationBootstrap(): void {
    this.subscription.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.subscription.stop();
  }

  wake(): void {
    this.subscription.wake();
  }
}
