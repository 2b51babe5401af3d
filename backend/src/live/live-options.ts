export type { LiveOptions } from '../config';

export const LIVE_OPTIONS = Symbol('LIVE_OPTIONS');
