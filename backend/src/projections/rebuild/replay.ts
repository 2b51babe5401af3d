import type { Pool } from 'pg';
import { afterParameterPointUpTo, consumerLock, moveCheckpoint, openTurn, readCheckpoint } from '../../event-store';
import { START, type Checkpoint } from '../../event-store';
import { changesPayload, CHANGES_CHANNEL } from '../changes-channel';
import { countEvents } from '../event-counts';
import { inTransaction, onClient } from '../../database';
import { IN_RANGE, ofAppliedTypes, rangeParameters, type Projection } from '../projection';
import { projectNextBatch, projectNextRange, type BatchTarget } from '../projection-batch';
import { liveCheckpoint } from '../projector';
import { buildShadowIndexes, createShadowTables, SHADOW_TABLES, shadowTablesExist, swapInShadowTables } from './shadow-tables';

/** The checkpoint row of a projection's rebuild in progress; it outlives a crash, so a replay resumes. */
export const replayCheckpoint = (projection: string) => `projection.${projection}.replay`;

export type ReplayPhase = 'copying' | 'indexing' | 'catching up' | 'swapping' | 'done';

export interface ReplayProgress {
  readonly projection: string;
  readonly phase: ReplayPhase;
  /** Events the shadow copy has taken so far, of `total` it must take to reach the live checkpoint. */
  readonly done: number;
  readonly total: number;
}

export interface ReplayOptions {
  /** Events per committed batch: small enough that no transaction stays open for long. */
  readonly batchSize?: number;
  /** Throw away a rebuild left by a crash instead of resuming it. */
  readonly restart?: boolean;
  readonly onProgress?: (progress: ReplayProgress) => void;
}

export interface ReplayResult {
  readonly projection: string;
  readonly resumed: boolean;
  /** Events the rebuild applied in this run. */
  readonly events: number;
  /** Where the new tables stand: the live checkpoint at the swap. */
  readonly checkpoint: Checkpoint;
}

/**
 * Rebuilds projections without downtime: each is built from the first event into shadow tables
 * while the live tables keep serving (and the live projector keeps them current), in small silent
 * batches that go no further than the live checkpoint; then the shadow is indexed, caught up,
 * and swapped in for the live tables in one transaction that holds the live projector's lock.
 * The live projector continues from the same checkpoint, so no event is announced twice or never.
 * Projections rebuild side by side, each on its own connection.
 */
export function replayProjections(pool: Pool, projections: readonly Projection[], options: ReplayOptions = {}): Promise<ReplayResult[]> {
  return Promise.all(projections.map((projection) => replayProjection(pool, projection, options)));
}

async function replayProjection(pool: Pool, projection: Projection, options: ReplayOptions): Promise<ReplayResult> {
  const name = projection.name;
  const live = liveCheckpoint(name);
  const shadow = replayCheckpoint(name);
  await pool.query('INSERT INTO checkpoints (name) VALUES ($1) ON CONFLICT DO NOTHING', [live]);
  const resumed =
    !options.restart && (await readCheckpoint(pool, shadow)) !== undefined && (await shadowTablesExist(pool, projection.tables));
  if (!resumed) {
    await inTransaction(pool, async (client) => {
      await createShadowTables(client, projection.tables, projection.keyedDuringRebuild ?? []);
      await client.query(
        `INSERT INTO checkpoints (name) VALUES ($1)
         ON CONFLICT (name) DO UPDATE SET transaction_id = '0', position = 0, updated_at = now()`,
        [shadow],
      );
    });
  }

  const startedAt = (await readCheckpoint(pool, shadow)) ?? START;
  const progress = { projection: name, phase: 'copying' as ReplayPhase, done: 0, total: 0 };
  const report = (phase: ReplayPhase) => options.onProgress?.({ ...progress, phase });
  const batchSize = options.batchSize ?? 10_000;
  const target = (upTo: Checkpoint): BatchTarget => ({
    projection,
    checkpoint: shadow,
    tables: SHADOW_TABLES,
    limit: batchSize,
    upTo,
    announce: false,
  });

  /**
   * Copies up to the live checkpoint, again and again as it moves, until a pass takes less than a
   * batch: under steady traffic it never finds nothing, and the swap takes the last few anyway.
   */
  const catchUp = async (phase: ReplayPhase) => {
    let from = (await readCheckpoint(pool, shadow)) ?? START;
    for (;;) {
      const upTo = (await readCheckpoint(pool, live)) ?? START;
      progress.total = progress.done + (await countEvents(pool, from, upTo));
      report(phase);
      let taken = 0;
      for (;;) {
        const outcome = await nextShadowBatch(pool, target(upTo), name, passOver);
        if (outcome.processed === 0) break;
        taken += outcome.processed;
        progress.done += outcome.processed;
        report(phase);
      }
      if (taken < batchSize) return;
      from = upTo;
    }
  };

  const passOver = passingOver(pool);
  const alreadyDone = await countEvents(pool, START, startedAt);
  progress.done = alreadyDone;
  await catchUp('copying');
  report('indexing');
  await buildShadowIndexes(pool, projection.tables);
  await catchUp('catching up');
  report('swapping');
  const checkpoint = await swapIn(pool, projection, target, (taken) => {
    progress.done += taken;
  });
  report('done');
  return { projection: name, resumed, events: progress.done - alreadyDone, checkpoint };
}

/**
 * How long a batch waits for the rebuild's lock before deciding another replay holds it. A replay
 * killed a moment ago still holds it until its server process notices the lost connection and
 * rolls the running statement back, so a resumed run waits that long.
 */
const LOCK_WAIT_MS = 30_000;

async function nextShadowBatch(pool: Pool, target: BatchTarget, name: string, passOver: PassOver) {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    const passed = await passOver(target);
    if (passed > 0) return { processed: passed, acquired: true };
    const outcome = await projectNextBatch(pool, target);
    if (outcome.acquired) return outcome;
    if (Date.now() > deadline) throw new Error(`another replay of ${name} is running`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Moves the rebuild's checkpoint to just before the next event of the projection's types, or to the
 * target's end when none is left, when that passes over a batch's worth of other events or more:
 * a projection of rare events (locations, stocktakes) would otherwise walk the whole log batch by
 * batch to apply a handful (1.0–1.3 s each at 1,000,000 events). The point before an event is
 * (its transaction id, its position - 1): every event before it in the order is passed, none after.
 * How many events it passed over; 0 when it moved nothing.
 */
async function passOverUnapplied(pool: Pool, target: BatchTarget): Promise<number> {
  const upTo = target.upTo;
  if (!upTo) return 0;
  return onClient(pool, async (client) => {
    const after = await openTurn(client, target.checkpoint);
    const { rows } = after
      ? await client.query<{ transaction_id: string; position: number; count: number }>(
          `WITH next AS (
             SELECT e.transaction_id, e.position - 1 AS position FROM events e
              WHERE ${IN_RANGE} AND ${ofAppliedTypes(target.projection.handles)}
              ORDER BY e.transaction_id, e.position LIMIT 1),
           point AS (
             SELECT coalesce((SELECT transaction_id FROM next), $3::xid8) AS transaction_id,
                    coalesce((SELECT position FROM next), $4::bigint) AS position)
           SELECT point.transaction_id::text, point.position,
                  (SELECT count(*) FROM events e
                    WHERE ${afterParameterPointUpTo({ transactionId: 'point.transaction_id', position: 'point.position' })}) AS count
             FROM point`,
          rangeParameters({ after, upTo }),
        )
      : { rows: [] };
    const point = rows[0];
    if (!point || point.count < target.limit) {
      await client.query('ROLLBACK');
      return 0;
    }
    await client.query(
      `${moveCheckpoint(client, target.checkpoint, { transactionId: point.transaction_id, position: point.position })}; COMMIT`,
    );
    return point.count;
  });
}

type PassOver = (target: BatchTarget) => Promise<number>;

/**
 * passOverUnapplied before a batch, tried less and less often while it finds nothing to pass (a
 * projection that applies most events: each try is a transaction of three round trips), again at
 * once after it passed something.
 */
function passingOver(pool: Pool): PassOver {
  let interval = 1;
  let wait = 0;
  return async (target) => {
    if (wait > 0) {
      wait -= 1;
      return 0;
    }
    const passed = await passOverUnapplied(pool, target);
    interval = passed > 0 ? 1 : Math.min(interval * 2, 64);
    wait = interval - 1;
    return passed;
  };
}

const LOCK_NOT_AVAILABLE = '55P03';
const SWAP_ATTEMPTS = 10;

/**
 * The swap: holding the live projector's lock, the shadow takes the last few events up to the
 * live checkpoint and replaces the live tables. Its table locks wait for running reads but only
 * briefly (a long reader, a verify say, would otherwise queue every new read behind the swap):
 * on a timeout it lets go and tries again. Only the attempt that commits counts its events: a
 * rolled-back one applied nothing, and the next takes the same events again.
 */
async function swapIn(
  pool: Pool,
  projection: Projection,
  target: (upTo: Checkpoint) => BatchTarget,
  taken: (events: number) => void,
): Promise<Checkpoint> {
  const name = projection.name;
  for (let attempt = 1; ; attempt += 1) {
    try {
      const swapped = await inTransaction(pool, async (client) => {
        await client.query(`SELECT pg_advisory_xact_lock(${consumerLock('$1')})`, [liveCheckpoint(name)]);
        await client.query(`SELECT pg_advisory_xact_lock(${consumerLock('$1')})`, [replayCheckpoint(name)]);
        await client.query(`SET LOCAL lock_timeout = '2s'`);
        const upTo = (await readCheckpoint(client, liveCheckpoint(name))) ?? START;
        let events = 0;
        for (let outcome = await projectNextRange(client, target(upTo)); outcome.processed > 0;) {
          events += outcome.processed;
          outcome = await projectNextRange(client, target(upTo));
        }
        const reached = await readCheckpoint(client, replayCheckpoint(name));
        if (reached?.transactionId !== upTo.transactionId || reached.position !== upTo.position) {
          throw new Error(
            `the rebuild of ${name} stands at ${JSON.stringify(reached)}, not at the live checkpoint ${JSON.stringify(upTo)}`,
          );
        }
        await swapInShadowTables(client, projection.tables);
        await client.query('DELETE FROM checkpoints WHERE name = $1', [replayCheckpoint(name)]);
        await client.query('SELECT pg_notify($1, $2)', [
          CHANGES_CHANNEL,
          changesPayload({ projection: name, upTo, events: 0, rebuilt: true }),
        ]);
        return { upTo, events };
      });
      taken(swapped.events);
      return swapped.upTo;
    } catch (error) {
      if ((error as { code?: string }).code !== LOCK_NOT_AVAILABLE || attempt === SWAP_ATTEMPTS) throw error;
    }
  }
}
