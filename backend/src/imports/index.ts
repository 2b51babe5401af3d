/** The imports feature's public face: what the app composition may use. */
export {
  ImportExpiredError,
  ImportHasErrorsError,
  ImportNotFoundError,
  ImportTooLargeError,
  StaleImportError,
  UnreadableImportError,
} from './domain/import-errors';
export { ImportsModule } from './imports.module';
