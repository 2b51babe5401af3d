import type { LiveType } from '../../live';

/** The message types (topics) a subscription may ask for; `item.*` stands for the four item types. */
export const WEBHOOK_TOPICS = [
  'stock.moved',
  'stock.transferred',
  'item.created',
  'item.updated',
  'item.archived',
  'item.restored',
  'item.*',
  'alert.low_stock',
  'stocktake.posted',
] as const;
export type WebhookTopic = (typeof WEBHOOK_TOPICS)[number];

/** The type of a delivery "send test" queues; no subscription asks for it. */
export const TEST_EVENT_TYPE = 'webhook.test';

/** Whether a subscription to `events` wants a live message of `type`. */
export function subscribesTo(events: readonly string[], type: LiveType): boolean {
  return events.includes(type) || (type.startsWith('item.') && events.includes('item.*'));
}
