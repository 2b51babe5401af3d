/** The event log API: pages, export and chain verification. */
export { AuditModule } from './audit.module';
export { UnsettledLogError } from './settled-horizon';
