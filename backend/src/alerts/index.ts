/** The low-stock alerts feature's public face. */
export { AlertsModule } from './alerts.module';
export { ALERT_OUTBOX_CHECKPOINT } from './delivery/alert-outbox';
export { ALERT_STREAM_PREFIX, type AlertEventType } from './domain/alert-events';
