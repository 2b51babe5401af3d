export type WebhookFormat = 'standard' | 'slack';
export const WEBHOOK_FORMATS: readonly WebhookFormat[] = ['standard', 'slack'];

/** One message for a subscriber: a live message's type, position and data, or a test. */
export interface WebhookMessage {
  readonly type: string;
  /** The event's global position; null for a test. */
  readonly position: number | null;
  readonly data: unknown;
  readonly timestamp: Date;
}

type Fields = Record<string, unknown>;

const fieldsOf = (value: unknown): Fields => (typeof value === 'object' && value !== null ? (value as Fields) : {});
const text = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '?');
const label = (item: Fields) => `${text(item.sku)} "${text(item.name)}"`;

/** One line for a chat channel. */
function slackText({ type, data }: WebhookMessage): string {
  const fields = fieldsOf(data);
  const item = fieldsOf(fields.item);
  switch (type) {
    case 'webhook.test':
      return 'IMS test message: this webhook works.';
    case 'item.created':
    case 'item.updated':
    case 'item.archived':
    case 'item.restored':
      return `Item ${label(fields)} ${type.slice('item.'.length)}`;
    case 'stock.moved': {
      const movement = fieldsOf(fields.movement);
      return `${text(movement.type)} ${text(movement.quantity)} of ${label(item)}: ${text(movement.quantityBefore)} → ${text(movement.quantityAfter)} ${text(item.unit)}`;
    }
    case 'stock.transferred': {
      const transfer = fieldsOf(fields.transfer);
      return `Transfer of ${text(transfer.quantity)} ${text(item.unit)} of ${label(item)}`;
    }
    case 'alert.low_stock': {
      const where = typeof fields.locationCode === 'string' ? ` at ${fields.locationCode}` : '';
      return `Low stock: ${label(fields)}${where} is at ${text(fields.quantity)} (threshold ${text(fields.threshold)})`;
    }
    case 'stocktake.posted':
      return `Stocktake ${text(fields.id)} posted`;
    default:
      return `IMS: ${type}`;
  }
}

/**
 * The exact text sent (and signed) for a message: the Standard Webhooks payload shape `{type,
 * timestamp, data}` with the event's position, or for a chat incoming webhook (Slack, Mattermost,
 * Rocket.Chat) `{text}`.
 */
export function webhookBody(format: WebhookFormat, message: WebhookMessage): string {
  if (format === 'slack') return JSON.stringify({ text: slackText(message) });
  const { type, position, data, timestamp } = message;
  return JSON.stringify({ type, timestamp: timestamp.toISOString(), position, data });
}
