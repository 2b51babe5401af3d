import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { InjectPool } from '../../database/database.module';
import { consumeNextBatch, ensureCheckpoint } from '../../event-store/checkpointed-batch';
import { EventStore } from '../../event-store/event-store';
import type { StoredEvent } from '../../event-store/stored-event';
import { StoreNotifications } from '../../event-store/store-notifications';
import { Subscription } from '../../event-store/subscription';
import { isAlertEvent, type AlertEvent } from '../domain/alert-events';
import { AlertDeliveries } from './alert-deliveries';
import { AlertDispatcher } from './alert-dispatcher';

/** The outbox consumer's checkpoint row. */
export const ALERT_OUTBOX_CHECKPOINT = 'alerts.deliveries';

const BATCH_SIZE = 500;

/**
 * Keeps `alert_deliveries` from the alert events: a row per `LowStockAlertRaised`, settled by the
 * alert's outcome event. A checkpointed consumer (rows and checkpoint in one transaction, replicas
 * taking turns on its lock), so each alert enters the outbox exactly once whatever the number of
 * replicas, and no projection replay touches it: a replay never sends an email again.
 */
@Injectable()
export class AlertOutbox implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('AlertOutbox');
  private readonly subscription: Subscription;

  constructor(
    @InjectPool() private readonly pool: Pool,
    private readonly store: EventStore,
    private readonly deliveries: AlertDeliveries,
    private readonly dispatcher: AlertDispatcher,
    notifications: StoreNotifications,
  ) {
    this.subscription = new Subscription(() => this.step(), notifications, {
      onError: (error) => this.logger.error(`outbox batch failed: ${error instanceof Error ? error.message : String(error)}`),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await ensureCheckpoint(this.pool, ALERT_OUTBOX_CHECKPOINT);
    this.subscription.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.subscription.stop();
  }

  /** One batch of the log; how many events it covered. */
  async step(): Promise<number> {
    let raised = 0;
    const { processed } = await consumeNextBatch(this.pool, this.store, ALERT_OUTBOX_CHECKPOINT, BATCH_SIZE, async (events, transaction) => {
      for (const event of events) {
        if (isAlertEvent(event) && (await this.apply(event as StoredEvent & AlertEvent, transaction))) raised += 1;
      }
    });
    if (raised > 0) this.dispatcher.wake();
    return processed;
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
