/** Every setting the server reads, loaded and validated once (docs/CONFIGURATION.md). */
export { chainAnchorFile, loadConfig, type LogLevel, type WebhookSettings } from './app-config';
export { APP_SETTINGS, type AppSettings, InjectSettings } from './app-settings';
export { type LiveOptions } from './live-options';
export { type ImportLimits } from './app-config';
export { documentedVariables } from './testing/configuration-table';
