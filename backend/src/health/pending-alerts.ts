/**
 * What the alerts module provides (anywhere in the app, under this token) so the system report can
 * show how many low-stock alerts still wait for delivery.
 *   { provide: PENDING_ALERTS, useExisting: AlertDeliveries }
 */
export interface PendingAlertsSource {
  countPending(): Promise<number>;
}

export const PENDING_ALERTS = Symbol('PENDING_ALERTS');
