import { Injectable, Logger } from '@nestjs/common';
import { VersionConflictError, EventStore, OutboxDispatcher } from '../../event-store';
import type { NewEvent } from '../../event-store';
import { InjectSettings, type AppSettings } from '../../config';
import { Metrics } from '../../metrics';
import type { AlertEvent } from '../domain/alert-events';
import { AlertDeliveries, type ClaimedAlert } from '../read-models/alert-deliveries';
import { FunctionEndpoint, requestEmail } from '../../serverless';
import { retryDelayMs } from '../../common';

/** Alerts claimed at once; each is one call to the function. */
const CLAIM_LIMIT = 25;
/** How long a claim keeps other replicas off an alert: past the call's timeout, so a crash only delays it. */
const LEASE_MS = 60_000;

/**
 * Delivers the outbox's pending alerts through the email function: claims the due ones (no
 * transaction stays open over the call), asks the function with the alert's event id as the
 * idempotency key, and records the outcome as the alert's version 2 (`LowStockAlertSent`,
 * `LowStockAlertPreviewed`, or `LowStockAlertFailed` once `ALERT_MAX_ATTEMPTS` calls have failed),
 * from which the outbox settles the row (its lease keeps it from being claimed again meanwhile);
 * a failed call is retried with exponential backoff. A crash between the answer and the record
 * calls the function once more after the lease, and the function drops that repeat by its key.
 */
@Injectable()
export class AlertDispatcher extends OutboxDispatcher {
  private readonly retryBaseMs: number;
  private readonly maxAttempts: number;

  constructor(
    private readonly deliveries: AlertDeliveries,
    private readonly store: EventStore,
    private readonly endpoint: FunctionEndpoint,
    private readonly metrics: Metrics,
    @InjectSettings() settings: AppSettings,
  ) {
    // The outbox wakes this process's dispatcher, the poll finds retries and other replicas' alerts.
    super(new Logger('AlertDispatcher'), Math.min(1000, settings.config.alertRetryBaseMs));
    this.retryBaseMs = settings.config.alertRetryBaseMs;
    this.maxAttempts = settings.config.alertMaxAttempts;
  }

  /** Delivers what is due; how many alerts it tried. */
  async deliverDue(): Promise<number> {
    const claimed = await this.deliveries.claimDue(CLAIM_LIMIT, LEASE_MS);
    await Promise.all(claimed.map((alert) => this.deliver(alert)));
    return claimed.length;
  }

  private async deliver(claimed: ClaimedAlert): Promise<void> {
    // An outcome already in the log (recorded just before a lease ran out, or the outbox re-read an older
    // checkpoint): the outbox settles the row from it.
    if ((await this.store.readStream(claimed.streamId, 1)).length > 0) return;
    const attempts = claimed.attempts + 1;
    const answer = await requestEmail(this.endpoint, {
      idempotencyKey: claimed.alertId,
      ...claimed.alert,
      raisedAt: claimed.raisedAt.toISOString(),
      position: claimed.alert.causedByPosition,
    });
    const base = { alertId: claimed.alertId, itemId: claimed.alert.itemId, attempts };
    if (answer.ok) {
      const { status, email } = answer.outcome;
      await this.record(
        claimed,
        status === 'preview'
          ? { type: 'LowStockAlertPreviewed', data: { ...base, email } }
          : { type: 'LowStockAlertSent', data: { ...base, email, status } },
      );
      this.metrics.countAlertOutcome(status);
      return;
    }
    if (attempts >= this.maxAttempts) {
      this.logger.error(`low-stock alert ${claimed.alertId} not delivered after ${attempts} attempts: ${answer.reason}`);
      await this.record(claimed, { type: 'LowStockAlertFailed', data: { ...base, reason: answer.reason } });
      this.metrics.countAlertOutcome('failed');
      return;
    }
    const delay = retryDelayMs(attempts, this.retryBaseMs);
    this.logger.warn(`low-stock alert ${claimed.alertId}, attempt ${attempts}: ${answer.reason}; next try in ${delay} ms`);
    await this.deliveries.retryLater(claimed.alertId, attempts, delay, answer.reason);
    this.metrics.countAlertOutcome('retried');
  }

  /** Appends the outcome as the alert's version 2; the outbox settles the row from it. */
  private async record(claimed: ClaimedAlert, outcome: AlertEvent & NewEvent): Promise<void> {
    try {
      await this.store.append({ streamId: claimed.streamId, expectedVersion: 1, events: [outcome] });
    } catch (error) {
      // Recorded by another process already.
      if (!(error instanceof VersionConflictError)) throw error;
    }
  }
}
