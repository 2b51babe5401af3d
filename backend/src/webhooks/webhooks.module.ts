import { Module } from '@nestjs/common';
import { LiveModule } from '../live';
import { WebhookDispatcher } from './delivery/webhook-dispatcher';
import { WebhookOutbox } from './delivery/webhook-outbox';
import { WebhookTargets } from './delivery/webhook-targets';
import { WebhookDeliveries } from './webhook-deliveries.repository';
import { WebhookSubscriptions } from './webhook-subscriptions.repository';
import { Webhooks } from './webhooks';
import { WebhooksController } from './webhooks.controller';

/**
 * Webhooks: managers' subscriptions, an outbox filled from the live feed's messages, and a
 * dispatcher that delivers them signed, in order per subscription, with retries.
 */
@Module({
  imports: [LiveModule],
  controllers: [WebhooksController],
  providers: [WebhookSubscriptions, WebhookDeliveries, WebhookTargets, WebhookDispatcher, WebhookOutbox, Webhooks],
})
export class WebhooksModule {}
