import { Pool, types, type PoolConfig } from 'pg';

// Positions and counts are int8; they stay far below 2^53, so numbers are safe and convenient.
types.setTypeParser(types.builtins.INT8, (value) => Number(value));

const CONNECTION_TIMEOUT_MS = 5000;

export interface PoolOptions {
  readonly max?: number;
  readonly applicationName?: string;
  /** For batch tools on a loaded machine, where opening a session can take longer than a request may wait. */
  readonly connectionTimeoutMs?: number;
  /**
   * Prepared statements keep the one plan made without their parameters' values
   * (`plan_cache_mode=force_generic_plan`) instead of being planned again at every execution when
   * PostgreSQL judges a plan for the values cheaper. Only for a pool whose every statement is checked
   * to be index probes in such a plan (the event store's).
   */
  readonly genericPlans?: boolean;
}

/**
 * Every session gets `idle_in_transaction_session_timeout`: one forgotten open transaction
 * would hold back the xmin horizon and stall every gap-free reader.
 */
export function createPool(connectionString: string, options: PoolOptions = {}): Pool {
  const config: PoolConfig = {
    connectionString,
    max: options.max ?? 20,
    // A database that hangs rather than refuses must not hold requests for minutes: they fail, and are answered 503.
    connectionTimeoutMillis: options.connectionTimeoutMs ?? CONNECTION_TIMEOUT_MS,
    application_name: options.applicationName ?? 'ims',
    options: `-c idle_in_transaction_session_timeout=60000${options.genericPlans ? ' -c plan_cache_mode=force_generic_plan' : ''}`,
  };
  const pool = new Pool(config);
  // An idle client losing its connection (database restart) must not crash the process.
  pool.on('error', () => undefined);
  // The pool listens only to idle clients: a checked-out one told to terminate between two queries
  // would raise an unhandled 'error'. Its next query fails instead, and the caller releases it.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}
