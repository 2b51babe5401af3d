export type { LiveOptions } from '../config/live-options';

export const LIVE_OPTIONS = Symbol('LIVE_OPTIONS');
