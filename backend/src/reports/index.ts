/** The reports feature's public face: what the app composition uses. */
export { ReportRangeError } from './domain/activity';
export { REPORTS_PROJECTIONS } from './read-models/reports-projections';
export { ReportsModule } from './reports.module';
