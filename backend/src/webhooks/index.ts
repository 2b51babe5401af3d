/** Webhooks: subscriptions, their outbox and dispatcher (issue 23). */
export type { WebhookEventType } from './domain/webhook-events';
export { WebhookNotFoundError, WebhookUrlRefusedError } from './webhook-errors';
export { WebhooksModule } from './webhooks.module';
