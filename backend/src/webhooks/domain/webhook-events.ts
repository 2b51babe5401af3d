/** A subscription's stream: `webhook-<uuid>`. */
export const webhookStreamId = (webhookId: string) => `webhook-${webhookId}`;

/**
 * The dispatcher gave up on a delivery after retrying it for WEBHOOK_GIVE_UP_MS and disabled the
 * subscription: the managers' notice, in the audited log (and on the Webhooks page).
 */
export interface WebhookDisabledData {
  readonly webhookId: string;
  readonly url: string;
  readonly deliveryId: string;
  readonly attempts: number;
  readonly reason: string;
}

export interface WebhookEvent {
  readonly type: 'WebhookDisabled';
  readonly data: WebhookDisabledData;
}
export type WebhookEventType = WebhookEvent['type'];
