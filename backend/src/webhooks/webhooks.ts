import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../access';
import { messageOf } from '../common';
import { InjectSettings, type AppSettings } from '../config';
import { webhookBody, type WebhookFormat } from './domain/webhook-body';
import { newWebhookSecret } from './domain/webhook-signature';
import { TEST_EVENT_TYPE, type WebhookTopic } from './domain/webhook-topics';
import { WebhookDispatcher } from './delivery/webhook-dispatcher';
import { WebhookTargets } from './delivery/webhook-targets';
import { WebhookDeliveries, type WebhookDeliveryView } from './webhook-deliveries.repository';
import { WebhookNotFoundError, WebhookUrlRefusedError } from './webhook-errors';
import { WebhookSubscriptions, type WebhookSettingsChange, type WebhookView } from './webhook-subscriptions.repository';

export interface WebhookRequest {
  readonly url: string;
  readonly events: readonly WebhookTopic[];
  readonly active?: boolean | undefined;
  readonly format?: WebhookFormat | undefined;
}

/** Deliveries the log shows. */
const LOG_LIMIT = 100;

/** A manager's webhook subscriptions, their delivery log, Redeliver and "send test". */
@Injectable()
export class Webhooks {
  private readonly giveUpMs: number;

  constructor(
    private readonly subscriptions: WebhookSubscriptions,
    private readonly deliveries: WebhookDeliveries,
    private readonly targets: WebhookTargets,
    private readonly dispatcher: WebhookDispatcher,
    @InjectSettings() settings: AppSettings,
  ) {
    this.giveUpMs = settings.config.webhooks.giveUpMs;
  }

  /** The new subscription and its signing secret, answered this once. */
  async create(creator: AuthUser, request: WebhookRequest): Promise<WebhookView & { secret: string }> {
    await this.checkUrl(request.url);
    const secret = newWebhookSecret();
    const view = await this.subscriptions.create({
      id: randomUUID(),
      url: request.url,
      events: request.events,
      active: request.active ?? true,
      format: request.format ?? 'standard',
      secret,
      createdBy: creator.id,
    });
    return { ...view, secret };
  }

  list(): Promise<WebhookView[]> {
    return this.subscriptions.list();
  }

  async get(id: string): Promise<WebhookView> {
    return (await this.subscriptions.find(id)) ?? notFound();
  }

  async change(id: string, change: WebhookSettingsChange): Promise<WebhookView> {
    if (change.url !== undefined) await this.checkUrl(change.url);
    const changed = (await this.subscriptions.change(id, change)) ?? notFound();
    if (changed.active) this.dispatcher.wake();
    return changed;
  }

  async remove(id: string): Promise<void> {
    if (!(await this.subscriptions.remove(id))) notFound();
  }

  async deliveriesOf(id: string): Promise<WebhookDeliveryView[]> {
    await this.get(id);
    return this.deliveries.list(id, LOG_LIMIT);
  }

  /** Queues the delivery again with its `webhook-id` and body; it goes before the subscription's later ones. */
  async redeliver(id: string, deliveryId: string): Promise<WebhookDeliveryView> {
    const requeued = (await this.deliveries.requeue(id, deliveryId, this.giveUpMs)) ?? notFound('delivery of this webhook');
    this.dispatcher.wake();
    return requeued;
  }

  /** Queues a `webhook.test` message behind the subscription's other deliveries. */
  async sendTest(id: string): Promise<WebhookDeliveryView> {
    const subscription = await this.get(id);
    const deliveryId = randomUUID();
    const data = { webhookId: id, message: 'A test from IMS' };
    const body = webhookBody(subscription.format, { type: TEST_EVENT_TYPE, position: null, data, timestamp: new Date() });
    await this.deliveries.enqueue(
      [{ id: deliveryId, subscriptionId: id, eventType: TEST_EVENT_TYPE, position: null, body }],
      this.giveUpMs,
    );
    this.dispatcher.wake();
    return (await this.deliveries.find(id, deliveryId)) ?? notFound('delivery of this webhook');
  }

  private async checkUrl(url: string): Promise<void> {
    let refused: string | undefined;
    try {
      refused = await this.targets.refusedAddressOf(new URL(url));
    } catch (error) {
      throw new WebhookUrlRefusedError(`The URL's host cannot be resolved: ${messageOf(error)}`);
    }
    if (refused !== undefined) {
      throw new WebhookUrlRefusedError(
        `The URL's host resolves to ${refused}, a private, loopback or link-local address; webhooks go only to public addresses unless WEBHOOK_ALLOW_PRIVATE allows the network`,
      );
    }
  }
}

function notFound(what?: string): never {
  throw new WebhookNotFoundError(what);
}
