/**
 * The low-stock alert's events. Each alert is a stream of its own, named by the item and the
 * position of the event that made the item low: `LowStockAlertRaised` is its version 1, written
 * with expected version 0, so however many processes notice one crossing, one alert is raised;
 * its outcome (sent, previewed or failed) is version 2, written with expected version 1.
 */

/** Every alert is a stream of its own: raised, then its outcome. */
export const ALERT_STREAM_PREFIX = 'low-stock-alert-';
/** The total's alerts keep the id they always had; a location's alert names the location too. */
export const alertStreamId = ({ itemId, locationId, causedByPosition }: LowStockAlertRaisedData) =>
  `${ALERT_STREAM_PREFIX}${itemId}-${locationId === undefined ? '' : `${locationId}-`}${causedByPosition}`;

export interface LowStockAlertRaisedData {
  readonly itemId: string;
  readonly sku: string;
  readonly name: string;
  readonly unit: string;
  /** The item's quantity and threshold right after the event that made it low (at the location, for a location's alert). */
  readonly quantity: number;
  readonly threshold: number;
  /** Global position of that event. */
  readonly causedByPosition: number;
  /** The location that ran low, and its code when raised; absent for the item's total (and in every alert raised before locations). */
  readonly locationId?: string;
  readonly locationCode?: string;
}

/** The email as the function composed it; recorded so the log says what was (or would have been) sent. */
export interface AlertEmailData {
  readonly to: readonly string[];
  readonly from: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export interface LowStockAlertDeliveredData {
  /** The `LowStockAlertRaised` event id, also the idempotency key the function was given. */
  readonly alertId: string;
  readonly itemId: string;
  readonly attempts: number;
  readonly email: AlertEmailData;
}

export interface LowStockAlertSentData extends LowStockAlertDeliveredData {
  /** `duplicate`: the function had sent this alert already (a retry after a lost answer). */
  readonly status: 'sent' | 'duplicate';
}

export interface LowStockAlertFailedData {
  readonly alertId: string;
  readonly itemId: string;
  readonly attempts: number;
  readonly reason: string;
}

export type AlertEvent =
  | { readonly type: 'LowStockAlertRaised'; readonly data: LowStockAlertRaisedData }
  | { readonly type: 'LowStockAlertSent'; readonly data: LowStockAlertSentData }
  | { readonly type: 'LowStockAlertPreviewed'; readonly data: LowStockAlertDeliveredData }
  | { readonly type: 'LowStockAlertFailed'; readonly data: LowStockAlertFailedData };

export type AlertEventType = AlertEvent['type'];

export const ALERT_EVENT_TYPES: readonly AlertEventType[] = [
  'LowStockAlertRaised',
  'LowStockAlertSent',
  'LowStockAlertPreviewed',
  'LowStockAlertFailed',
];

export const isAlertEvent = (event: { readonly type: string }): event is AlertEvent =>
  (ALERT_EVENT_TYPES as readonly string[]).includes(event.type);
