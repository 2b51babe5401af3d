import type { Pool, PoolClient } from 'pg';
import { releaseClient } from './release-client';

/**
 * Runs `work` on a client of its own, which may open and commit its own transaction: when `work`
 * throws, whatever transaction it left open is rolled back, and the client goes back to the pool, or
 * is ended when what failed was its connection (releaseClient).
 */
export async function onClient<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let failure: unknown;
  try {
    return await work(client);
  } catch (error) {
    failure = error;
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    releaseClient(client, failure);
  }
}
