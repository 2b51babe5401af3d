import type { PoolClient } from 'pg';
import { asDatabaseUnavailable } from './database-unavailable';

/**
 * Gives a checked-out client back to its pool, or ends it when `failure` says its connection is gone
 * (a terminated backend, a reset socket): the pool would otherwise hand the dead connection to the next caller,
 * whose query fails before the connection's own 'end' event reaches the pool.
 */
export function releaseClient(client: PoolClient, failure?: unknown): void {
  client.release(failure !== undefined && asDatabaseUnavailable(failure) ? true : undefined);
}
