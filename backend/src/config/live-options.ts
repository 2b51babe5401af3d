/** The live feed's bounds (AppConfig `live`, from the `IMS_LIVE_*` variables). */
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
