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

/**
 * The topic a live message is delivered under, if any: a stocktake's posting is `stocktake.posted`
 * (its opening and counts stay inside the app); every other message under its own type.
 */
export function topicOf(type: LiveType, data: unknown): string | undefined {
  if (type !== 'stocktake.changed') return type;
  return (data as { kind?: unknown } | null)?.kind === 'posted' ? 'stocktake.posted' : undefined;
}

/** Whether a subscription to `events` wants a message of `topic`. */
export function subscribesTo(events: readonly string[], topic: string): boolean {
  return events.includes(topic) || (topic.startsWith('item.') && events.includes('item.*'));
}
