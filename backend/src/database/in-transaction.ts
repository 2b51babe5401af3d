import type { Pool, PoolClient } from 'pg';
import { onClient } from './on-client';

/** Runs `work` in a transaction on a client of its own: committed when it returns, rolled back when it throws. */
export function inTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  return onClient(pool, async (client) => {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  });
}
