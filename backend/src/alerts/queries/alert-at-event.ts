import type { AlertEvent, LowStockAlertRaisedData } from '../domain/alert-events';
import type { AlertView } from '../read-models/alert-view';

export interface RaisedAlert {
  readonly eventId: string;
  readonly position: number;
  readonly recordedAt: Date;
  readonly data: LowStockAlertRaisedData;
}

export type AlertOutcome = Exclude<AlertEvent, { readonly type: 'LowStockAlertRaised' }> & { readonly recordedAt: Date };

/**
 * The alert as its events alone tell it: pending once raised (retries are not events), then as its
 * outcome left it. What a live message carries, the same on every replica and every resume.
 */
export function alertAtEvent(raised: RaisedAlert, outcome?: AlertOutcome): AlertView {
  const alert = {
    id: raised.eventId,
    ...raised.data,
    locationId: raised.data.locationId ?? null,
    locationCode: raised.data.locationCode ?? null,
    position: raised.position,
    raisedAt: raised.recordedAt.toISOString(),
  };
  if (outcome === undefined) {
    return { ...alert, state: 'pending', attempts: 0, nextAttemptAt: alert.raisedAt, lastError: null, settledAt: null, email: null };
  }
  const settled = { attempts: outcome.data.attempts, nextAttemptAt: null, settledAt: outcome.recordedAt.toISOString() };
  switch (outcome.type) {
    case 'LowStockAlertSent':
      return { ...alert, ...settled, state: 'sent', lastError: null, email: outcome.data.email };
    case 'LowStockAlertPreviewed':
      return { ...alert, ...settled, state: 'preview', lastError: null, email: outcome.data.email };
    case 'LowStockAlertFailed':
      return { ...alert, ...settled, state: 'failed', lastError: outcome.data.reason, email: null };
    default: {
      const unknown: never = outcome;
      throw new Error(`unknown alert outcome ${JSON.stringify(unknown)}`);
    }
  }
}
