import { Injectable } from '@nestjs/common';
import { LiveFeedSources, type FeedEntry, type FeedSource } from '../live';
import { IN_RANGE, rangeParameters } from '../projections';
import { ALERT_EVENT_TYPES, type AlertEvent, type LowStockAlertRaisedData } from './domain/alert-events';
import { alertAtEvent, type AlertOutcome } from './queries/alert-at-event';

interface AlertEventRow {
  position: number;
  transaction_id: string;
  type: AlertEvent['type'];
  data: AlertEvent['data'];
  recorded_at: Date;
  correlation_id: string | null;
  alert_id: string;
  raised_position: number;
  raised_data: LowStockAlertRaisedData;
  raised_at: Date;
}

/**
 * `alert.low_stock` on the WebSocket: one message per alert event (raised, then its outcome), its
 * data the alert as GET /api/alerts shows it, as of that event. Read from the events alone, so it
 * waits for no read model.
 */
const alertsFeedSource: FeedSource = {
  name: 'alerts',
  checkpoints: [],

  async read(range, db) {
    const { rows } = await db.query<AlertEventRow>(
      `SELECT e.position, e.transaction_id::text AS transaction_id, e.type, e.data, e.recorded_at,
              e.metadata->>'correlationId' AS correlation_id,
              r.event_id AS alert_id, r.position AS raised_position, r.data AS raised_data, r.recorded_at AS raised_at
         FROM events e
         JOIN events r ON r.stream_id = e.stream_id AND r.stream_version = 1
        WHERE ${IN_RANGE} AND e.type = ANY($5::text[])`,
      [...rangeParameters(range), ALERT_EVENT_TYPES],
    );
    return rows.map((row): FeedEntry => {
      const raised = { eventId: row.alert_id, position: row.raised_position, recordedAt: row.raised_at, data: row.raised_data };
      const outcome =
        row.type === 'LowStockAlertRaised' ? undefined : ({ type: row.type, data: row.data, recordedAt: row.recorded_at } as AlertOutcome);
      return {
        type: 'alert.low_stock',
        position: row.position,
        transactionId: row.transaction_id,
        data: alertAtEvent(raised, outcome),
        correlationId: row.correlation_id,
      };
    });
  },
};

/** Adds the alerts to the live feed's sources while the app is being built. */
@Injectable()
export class AlertsLiveFeed {
  constructor(sources: LiveFeedSources) {
    sources.add(alertsFeedSource);
  }
}
