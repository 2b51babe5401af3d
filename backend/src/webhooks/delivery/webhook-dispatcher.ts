import { Injectable, Logger } from '@nestjs/common';
import type { Pool } from 'pg';
import { jitteredRetryDelayMs } from '../../common';
import { InjectSettings, type AppSettings, type WebhookSettings } from '../../config';
import { InjectPool } from '../../database';
import { EventStore, OutboxDispatcher } from '../../event-store';
import { webhookStreamId, type WebhookEvent } from '../domain/webhook-events';
import { signedHeaders } from '../domain/webhook-signature';
import { WebhookDeliveries, type ClaimedDelivery } from '../webhook-deliveries.repository';
import { WebhookSubscriptions } from '../webhook-subscriptions.repository';
import { postWebhook } from './webhook-post';
import { WebhookTargets } from './webhook-targets';

/** Subscriptions served at once; each gets its oldest pending delivery. */
const CLAIM_LIMIT = 25;
/** How long a claim keeps other replicas off a delivery: past the 10 s timeout, so a crash only delays it. */
const LEASE_MS = 60_000;

/**
 * Delivers the outbox: claims each active subscription's oldest due delivery (so deliveries to one
 * subscription go out in order, one at a time), POSTs it signed per the Standard Webhooks spec with
 * its own id as `webhook-id` on every attempt, and records the attempt. A failed attempt is retried
 * with exponential backoff and jitter until the delivery is WEBHOOK_GIVE_UP_MS old; then it is
 * recorded as failed and its subscription disabled, with a `WebhookDisabled` event in the audited
 * log as the managers' notice. At least once: a crash after the POST and before the record sends
 * it again after the lease, with the same `webhook-id`, which receivers use to drop the repeat.
 */
@Injectable()
export class WebhookDispatcher extends OutboxDispatcher {
  private readonly settings: WebhookSettings;

  constructor(
    @InjectPool() private readonly pool: Pool,
    private readonly deliveries: WebhookDeliveries,
    private readonly subscriptions: WebhookSubscriptions,
    private readonly targets: WebhookTargets,
    private readonly store: EventStore,
    @InjectSettings() settings: AppSettings,
  ) {
    // The outbox and the API wake this process's dispatcher; the poll finds retries and other replicas' rows.
    super(new Logger('WebhookDispatcher'), Math.min(1000, settings.config.webhooks.retryBaseMs));
    this.settings = settings.config.webhooks;
  }

  /** Makes one attempt at each claimed delivery; how many it tried. */
  async deliverDue(): Promise<number> {
    const claimed = await this.deliveries.claimHeads(CLAIM_LIMIT, LEASE_MS);
    await Promise.all(claimed.map((delivery) => this.deliver(delivery)));
    return claimed.length;
  }

  private async deliver(delivery: ClaimedDelivery): Promise<void> {
    const headers = signedHeaders(delivery.secret, delivery.id, delivery.body, new Date());
    const outcome = await postWebhook(this.targets, new URL(delivery.url), headers, delivery.body);
    const attempts = delivery.attempts + 1;
    if (outcome.ok) {
      await this.deliveries.recordAttempt(delivery.id, attempts, outcome, { state: 'delivered' });
      return;
    }
    const delay = jitteredRetryDelayMs(attempts, this.settings.retryBaseMs, this.settings.retryMaxMs);
    if (Date.now() + delay <= delivery.giveUpAt.getTime()) {
      this.logger.warn(`webhook delivery ${delivery.id}, attempt ${attempts}: ${outcome.error ?? ''}; next try in ${delay} ms`);
      await this.deliveries.recordAttempt(delivery.id, attempts, outcome, { state: 'pending', retryInMs: delay });
      return;
    }
    await this.deliveries.recordAttempt(delivery.id, attempts, outcome, { state: 'failed' });
    await this.disable(delivery, attempts, outcome.error ?? 'failed');
  }

  /** Its later deliveries would wait behind the failed one for ever: the subscription stops until a manager reactivates it. */
  private async disable(delivery: ClaimedDelivery, attempts: number, error: string): Promise<void> {
    const reason = `Delivery ${delivery.id} failed ${attempts} times over ${Math.round(this.settings.giveUpMs / 60_000)} min (last: ${error})`;
    this.logger.error(`webhook ${delivery.subscriptionId} disabled: ${reason}`);
    if (!(await this.subscriptions.disable(delivery.subscriptionId, reason))) return;
    const streamId = webhookStreamId(delivery.subscriptionId);
    const { rows } = await this.pool.query<{ version: number | null }>(
      'SELECT max(stream_version) AS version FROM events WHERE stream_id = $1',
      [streamId],
    );
    const event: WebhookEvent = {
      type: 'WebhookDisabled',
      data: { webhookId: delivery.subscriptionId, url: delivery.url, deliveryId: delivery.id, attempts, reason },
    };
    await this.store.append({ streamId, expectedVersion: rows[0]?.version ?? 0, events: [event] });
  }
}
