import type { Pool } from 'pg';
import { readCheckpoint } from '../../event-store/checkpointed-batch';
import { START } from '../../event-store/stored-event';
import { countEvents } from '../event-counts';
import { liveCheckpoint, type Projector } from '../projector';

/**
 * Runs the projectors until each of their checkpoints has passed every event in the log. A step
 * may find nothing while another instance holds the lock, or while the xmin horizon has not
 * passed an append that just committed, so it goes by the checkpoints rather than by what it took.
 */
export async function drain(pool: Pool, projectors: readonly Projector[], timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const names = [...new Set(projectors.map((projector) => liveCheckpoint(projector.projection.name)))];
  for (;;) {
    await Promise.all(projectors.map((projector) => projector.catchUp()));
    const lags = await Promise.all(names.map(async (name) => countEvents(pool, (await readCheckpoint(pool, name)) ?? START)));
    if (lags.every((lag) => lag === 0)) return;
    if (Date.now() > deadline) throw new Error(`projectors still behind after ${timeoutMs} ms: ${lags.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
