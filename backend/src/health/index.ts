/** Readiness, the system report and the Docker services and logs of the health dashboard. */
export { StackMemberNotFoundError } from './docker/docker-services';
export { HealthModule } from './health.module';
export { PENDING_ALERTS, type PendingAlertsSource } from './pending-alerts';
