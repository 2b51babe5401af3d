import type { AlertEmailData } from '../domain/alert-events';

export const ALERT_STATES = ['pending', 'sent', 'preview', 'failed'] as const;

/**
 * pending: not delivered yet (being retried while the function fails); sent: SendGrid took the
 * email; preview: the function has no SendGrid key and answered the email it would send;
 * failed: the retries ran out.
 */
export type AlertState = (typeof ALERT_STATES)[number];

/** One low-stock alert as GET /api/alerts shows it. */
export interface AlertView {
  /** The `LowStockAlertRaised` event id, the function's idempotency key. */
  readonly id: string;
  readonly itemId: string;
  readonly sku: string;
  readonly name: string;
  readonly unit: string;
  /** Quantity and threshold right after the event that made the item low (at the location, for a location's alert). */
  readonly quantity: number;
  readonly threshold: number;
  /** Global position of that event. */
  readonly causedByPosition: number;
  /** The location that ran low and its code when the alert was raised; null: the item's total ran low. */
  readonly locationId: string | null;
  readonly locationCode: string | null;
  /** Global position of the alert's `LowStockAlertRaised` event. */
  readonly position: number;
  readonly raisedAt: string;
  readonly state: AlertState;
  /** Calls made to the email function so far. */
  readonly attempts: number;
  /** When a pending alert is tried next; null once settled. */
  readonly nextAttemptAt: string | null;
  readonly lastError: string | null;
  readonly settledAt: string | null;
  /** The email that was sent (sent) or would be (preview); null until the function has answered with it. */
  readonly email: AlertEmailData | null;
}

export interface AlertList {
  readonly alerts: readonly AlertView[];
  /** Pass as `cursor` for the next (older) page; null on the last one. */
  readonly nextCursor: string | null;
}
