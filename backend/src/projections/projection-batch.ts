import type { Pool, PoolClient } from 'pg';
import { finalStatements, onClient, pipelined, preparedStatements, type FinalStatements } from '../database';
import { executeNotify, moveCheckpoint, nextRange, openTypedBatch, prepareBatchStatements } from '../event-store';
import type { Checkpoint, NextRange } from '../event-store';
import { changesPayload, CHANGES_CHANNEL } from './changes-channel';
import { inRangeOfAppliedTypes, isLive, rangeParameters, type EventRange, type Projection, type TableNames } from './projection';

export interface BatchTarget {
  readonly projection: Projection;
  /** The checkpoint row this batch moves. */
  readonly checkpoint: string;
  readonly tables: TableNames;
  readonly limit: number;
  /** Go no further than this point of the order (a replay stops at the live projection's checkpoint). */
  readonly upTo?: Checkpoint | undefined;
  /** Live batches NOTIFY and return their changes; replay batches stay silent. */
  readonly announce: boolean;
}

export interface BatchOutcome {
  /** Events the batch covered, inventory or not; 0 when there was nothing to do. */
  readonly processed: number;
  /** False when another process holds this checkpoint's lock: it is doing the work. */
  readonly acquired: boolean;
  readonly checkpoint: Checkpoint | undefined;
  readonly changes: readonly unknown[];
  /** The batch stopped at its limit. */
  readonly more: boolean;
  /** Committed events wait behind an older open transaction (see nextRange). */
  readonly heldBack: boolean;
}

const NOT_ACQUIRED: BatchOutcome = { processed: 0, acquired: false, checkpoint: undefined, changes: [], more: false, heldBack: false };

/**
 * One projection batch in one transaction: read models, checkpoint and NOTIFY commit together,
 * so a crash at any moment loses nothing and applies nothing twice, and the notification is only
 * delivered once the batch is visible. Replicas take turns through the checkpoint's advisory lock.
 *
 * Unlike consumeNextBatch it never ships the events to Node: it reads the end of the next range
 * and lets the projection's SQL read the events themselves, which is what makes a replay fast.
 */
export async function projectNextBatch(pool: Pool, target: BatchTarget): Promise<BatchOutcome> {
  const [outcome] = await projectNextBatches(pool, [target]);
  return outcome ?? NOT_ACQUIRED;
}

/**
 * At most this many readable events are looked at for their types as a batch of several projections
 * opens: a live batch holds a few, and a catch-up, which holds more, applies every projection.
 */
const TYPES_LOOKED_AT = 1000;

/**
 * The next batch of each target, all in one transaction: one round trip opens it with every turn,
 * every range and the types of events they hold; the projections that apply any of those types
 * apply their ranges side by side, their statements sharing a round trip per step (pipelined); the
 * statements that move every checkpoint, send every NOTIFY and commit go with the projections' last
 * statements, or in a round trip of their own when one did not know its last in advance. A target
 * whose turn another process holds is left to it. The projections write only their own tables, so
 * sharing the transaction changes none of them.
 */
export async function projectNextBatches(pool: Pool, targets: readonly BatchTarget[]): Promise<BatchOutcome[]> {
  return onClient(pool, async (client) => {
    // Whatever acted on a batch's commit lost in a crash stands: the low-stock alert is named by the
    // event that caused it, and a client resumes by the log's positions.
    const { ranges, types } = await openTypedBatch(client, targets, TYPES_LOOKED_AT);
    const closing = targets.flatMap((target, n) => closingOf(client, target, ranges[n]));
    const acquired = ranges.some((range) => range !== undefined);
    return pipelined(
      client,
      targets.map((target, n) => (statements: FinalStatements) => {
        const next = ranges[n];
        if (!next) return Promise.resolve(NOT_ACQUIRED);
        if (!appliesAnyOf(target.projection.handles, types)) return applyRange(target, next, undefined);
        return applyRange(target, next, isLive(target.tables) ? statements : finalStatements(client));
      }),
      [...closing, acquired ? 'COMMIT' : 'ROLLBACK'].join('; '),
    );
  });
}

/**
 * The body of a batch, inside a transaction that holds the checkpoint's lock; `then` (e.g. COMMIT)
 * goes in the same round trip as the checkpoint's move.
 */
export async function projectNextRange(client: PoolClient, target: BatchTarget, then?: 'COMMIT'): Promise<BatchOutcome> {
  await prepareBatchStatements(client);
  const next = await nextRange(client, target.checkpoint, target.limit, target.upTo);
  const outcome = await applyRange(target, next, finalStatements(isLive(target.tables) ? preparedStatements(client) : client));
  const statements = [...closingOf(client, target, next), ...(then ? [then] : [])];
  if (statements.length > 0) await client.query(statements.join('; '));
  return outcome;
}

/** Whether a projection applies any of `types` (every projection does when they are unknown). */
const appliesAnyOf = (handles: Projection['handles'], types: readonly string[] | undefined) =>
  types === undefined || types.some((type) => handles[type] === 'apply');

/** The statements that close a range's batch: the checkpoint's move and, for a live batch, its NOTIFY. */
function closingOf(client: PoolClient, target: BatchTarget, next: NextRange | undefined): string[] {
  const end = next?.end;
  if (!end) return [];
  const closing = [moveCheckpoint(client, target.checkpoint, end.checkpoint)];
  if (target.announce) {
    const notice = changesPayload({ projection: target.projection.name, upTo: end.checkpoint, events: end.count });
    closing.push(executeNotify(CHANGES_CHANNEL, notice, (value) => client.escapeLiteral(value)));
  }
  return closing;
}

/** Applies the range with `statements`, or passes over it when the projection applies none of its events (no statements); what the batch did. */
async function applyRange(
  target: BatchTarget,
  { after, end, heldBack }: NextRange,
  statements: FinalStatements | undefined,
): Promise<BatchOutcome> {
  if (!end) return { processed: 0, acquired: true, checkpoint: after, changes: [], more: false, heldBack };
  const range: EventRange = { after, upTo: end.checkpoint };
  const changes = statements
    ? await target.projection.apply(
        {
          range,
          events: inRangeOfAppliedTypes(target.projection.handles),
          parameters: rangeParameters(range),
          tables: target.tables,
          announce: target.announce,
        },
        statements,
      )
    : [];
  return { processed: end.count, acquired: true, checkpoint: end.checkpoint, changes, more: end.count >= target.limit, heldBack };
}
