export interface LiveOptions {
  /** How often sockets are pinged; one that has not answered the previous ping is dropped. */
  readonly heartbeatMs: number;
  /** Messages kept in memory for resumes; older resumes read the database. */
  readonly recentMessages: number;
  /** A resume missing more events than this is answered with `reset` (refetch) instead. */
  readonly resumeLimit: number;
  /** A socket with more than this many bytes queued is too slow to keep up and is dropped. */
  readonly maxBufferedBytes: number;
  /** Events read per database query, live or for a resume. */
  readonly readBatch: number;
  /** The slow poll that covers a lost notification. */
  readonly pollMs: number;
}

export const LIVE_OPTIONS = Symbol('LIVE_OPTIONS');

const DEFAULTS: LiveOptions = {
  heartbeatMs: 30_000,
  recentMessages: 5_000,
  resumeLimit: 10_000,
  maxBufferedBytes: 1024 * 1024,
  readBatch: 500,
  pollMs: 2_000,
};

const VARIABLES: Record<keyof LiveOptions, string> = {
  heartbeatMs: 'IMS_LIVE_HEARTBEAT_MS',
  recentMessages: 'IMS_LIVE_RECENT_MESSAGES',
  resumeLimit: 'IMS_LIVE_RESUME_LIMIT',
  maxBufferedBytes: 'IMS_LIVE_MAX_BUFFERED_BYTES',
  readBatch: 'IMS_LIVE_READ_BATCH',
  pollMs: 'IMS_LIVE_POLL_MS',
};

/** The defaults, each overridable by its `IMS_LIVE_*` variable (a positive integer). */
export function liveOptions(env: Record<string, string | undefined> = process.env): LiveOptions {
  const options = { ...DEFAULTS };
  for (const key of Object.keys(VARIABLES) as (keyof LiveOptions)[]) {
    const text = env[VARIABLES[key]];
    if (text === undefined || text === '') continue;
    const value = Number(text);
    if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`${VARIABLES[key]} must be a positive integer, got "${text}"`);
    options[key] = value;
  }
  return options;
}
