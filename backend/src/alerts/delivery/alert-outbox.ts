import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { InjectPool } from '../../database';
import { ConsumerLeadership, consumeNextBatch, ensureCheckpoint, Subscription } from '../../event-store';
import type { StoredEvent, BatchResult } from '../../event-store';
import { ALERT_STREAM_PREFIX, isAlertEvent, type AlertEvent } from '../domain/alert-events';
import { AlertDeliveries } from '../read-models/alert-deliveries';
import { AlertDispatcher } from './alert-dispatcher';
import { messageOf } from '../../common';

/** The outbox consumer's checkpoint row. */
export const ALERT_OUTBOX_CHECKPOINT = 'alerts.deliveries';

const BATCH_SIZE = 500;
const POLL_MS = 250;

/**
 * Keeps `alert_deliveries` from the alert events: a row per `LowStockAlertRaised`, settled by the
 * alert's outcome event. A checkpointed consumer (rows and checkpoint in one transaction under its
 * lock; the leading replica runs it), so each alert enters the outbox exactly once whatever the number
 * of replicas, and no projection replay touches it: a replay never sends an email again.
 */
@Injectable()
export class AlertOutbox implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('AlertOutbox');
  private readonly subscription: Subscription;

  constructor(
    @InjectPool() private readonly pool: Pool,
    private readonly deliveries: AlertDeliveries,
    private readonly dispatcher: AlertDispatcher,
    private readonly leadership: ConsumerLeadership,
  ) {
    // Alert events are rare: a short poll finds them without a batch on every append of the log,
    // and this process's raises wake it at once.
    this.subscription = new Subscription(() => this.step(), undefined, {
      pollMs: POLL_MS,
      onError: (error) => this.logger.error(`outbox batch failed: ${messageOf(error)}`),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await ensureCheckpoint(this.pool, ALERT_OUTBOX_CHECKPOINT);
    this.leadership.lead(this.subscription);
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.subscription.stop();
  }

  /** An alert event was appended in this process. */
  wake(): void {
    this.subscription.wake();
  }

  /** One batch of the log. */
  async step(): Promise<BatchResult> {
    let raised = 0;
    const result = await consumeNextBatch(this.pool, {
      name: ALERT_OUTBOX_CHECKPOINT,
      limit: BATCH_SIZE,
      streamPrefix: ALERT_STREAM_PREFIX,
      apply: async (events, transaction) => {
        for (const event of events) {
          if (isAlertEvent(event) && (await this.apply(event, transaction))) raised += 1;
        }
      },
    });
    if (raised > 0) this.dispatcher.wake();
    return result;
  }

  /** True when the event put a new alert in the outbox. */
  private async apply(event: StoredEvent & AlertEvent, transaction: PoolClient): Promise<boolean> {
    const settledAt = event.recordedAt;
    switch (event.type) {
      case 'LowStockAlertRaised':
        return this.deliveries.recordRaised(event, transaction);
      case 'LowStockAlertSent':
      case 'LowStockAlertPreviewed': {
        const { alertId, attempts, email } = event.data;
        const state = event.type === 'LowStockAlertSent' ? 'sent' : 'preview';
        await this.deliveries.settle(alertId, { state, attempts, email, lastError: null, settledAt }, transaction);
        return false;
      }
      case 'LowStockAlertFailed': {
        const { alertId, attempts, reason } = event.data;
        await this.deliveries.settle(alertId, { state: 'failed', attempts, email: null, lastError: reason, settledAt }, transaction);
        return false;
      }
      default: {
        const unknown: never = event;
        throw new Error(`unknown alert event ${JSON.stringify(unknown)}`);
      }
    }
  }
}
