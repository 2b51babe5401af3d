import type { Pool } from 'pg';
import { readCheckpoint } from '../event-store';
import { START, type Checkpoint } from '../event-store';
import { countEvents } from './event-counts';
import type { Projection } from './projection';
import { liveCheckpoint } from './projector';
import { replayCheckpoint } from './rebuild/replay';

export interface ProjectionStatus {
  readonly projection: string;
  /** The version of its code, which a replay is due after raising. */
  readonly version: number;
  readonly checkpoint: Checkpoint;
  readonly updatedAt: Date | null;
  /** Events in the log the projection has not applied yet. */
  readonly lag: number;
  /** Events a rebuild in progress (or left by a crash) still has to take to reach the live checkpoint. */
  readonly replayLag: number | null;
}

/** Where each projection stands and how far behind the log it is. */
export async function projectionStatus(pool: Pool, projections: readonly Projection[]): Promise<ProjectionStatus[]> {
  return Promise.all(
    projections.map(async (projection) => {
      const { rows } = await pool.query<{ updated_at: Date }>('SELECT updated_at FROM checkpoints WHERE name = $1', [
        liveCheckpoint(projection.name),
      ]);
      const checkpoint = (await readCheckpoint(pool, liveCheckpoint(projection.name))) ?? START;
      const replay = await readCheckpoint(pool, replayCheckpoint(projection.name));
      return {
        projection: projection.name,
        version: projection.version,
        checkpoint,
        updatedAt: rows[0]?.updated_at ?? null,
        lag: await countEvents(pool, checkpoint),
        replayLag: replay ? await countEvents(pool, replay, checkpoint) : null,
      };
    }),
  );
}
