import { Inject } from '@nestjs/common';
import type { AppConfig } from './app-config';

/** What a running app knows about its environment once the database is chosen. */
export interface AppSettings {
  readonly config: AppConfig;
  readonly databaseUrl: string;
  /** True when the database is the embedded default: secrets may then be generated locally. */
  readonly embedded: boolean;
}

export const APP_SETTINGS = Symbol('APP_SETTINGS');
export const InjectSettings = () => Inject(APP_SETTINGS);
