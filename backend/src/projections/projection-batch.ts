import type { Pool, PoolClient } from 'pg';
import { onClient, pipelined, preparedStatements, type Statements } from '../database';
import { executeNotify, moveCheckpoint, nextRange, openBatch, prepareBatchStatements } from '../event-store';
import type { Checkpoint, NextRange } from '../event-store';
import { changesPayload, CHANGES_CHANNEL } from './changes-channel';
import { IN_RANGE, isLive, ofAppliedTypes, rangeParameters, type EventRange, type Projection, type TableNames } from './projection';

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
 * The next batch of each target, all in one transaction: one round trip opens it with every turn
 * and every range, the projections apply their ranges side by side, their statements sharing a
 * round trip per step (pipelined), and one round trip moves every checkpoint, sends every NOTIFY and
 * commits. A target whose turn another process holds is left to it. The projections write only
 * their own tables, so sharing the transaction changes none of them.
 */
export async function projectNextBatches(pool: Pool, targets: readonly BatchTarget[]): Promise<BatchOutcome[]> {
  return onClient(pool, async (client) => {
    // Whatever acted on a batch's commit lost in a crash stands: the low-stock alert is named by the
    // event that caused it, and a client resumes by the log's positions.
    const ranges = await openBatch(client, targets);
    const applied = await pipelined(
      client,
      targets.map((target, n) => (statements: Statements) => {
        const next = ranges[n];
        return next ? applyRange(client, target, next, statements) : Promise.resolve({ outcome: NOT_ACQUIRED, closing: [] });
      }),
    );
    const outcomes = applied.map(({ outcome }) => outcome);
    const closing = applied.flatMap((batch) => batch.closing);
    await client.query([...closing, outcomes.some((outcome) => outcome.acquired) ? 'COMMIT' : 'ROLLBACK'].join('; '));
    return outcomes;
  });
}

/**
 * The body of a batch, inside a transaction that holds the checkpoint's lock; `then` (e.g. COMMIT)
 * goes in the same round trip as the checkpoint's move.
 */
export async function projectNextRange(client: PoolClient, target: BatchTarget, then?: 'COMMIT'): Promise<BatchOutcome> {
  await prepareBatchStatements(client);
  const { outcome, closing } = await applyRange(
    client,
    target,
    await nextRange(client, target.checkpoint, target.limit, target.upTo),
    preparedStatements(client),
  );
  const statements = then ? [...closing, then] : closing;
  if (statements.length > 0) await client.query(statements.join('; '));
  return outcome;
}

/** Applies the range; what the batch did, and the statements that close it (the checkpoint's move and its NOTIFY). */
async function applyRange(
  client: PoolClient,
  target: BatchTarget,
  { after, end, heldBack }: NextRange,
  statements: Statements,
): Promise<{ outcome: BatchOutcome; closing: string[] }> {
  if (!end) return { outcome: { processed: 0, acquired: true, checkpoint: after, changes: [], more: false, heldBack }, closing: [] };
  const range: EventRange = { after, upTo: end.checkpoint };
  const changes = await target.projection.apply(
    {
      range,
      events: `${IN_RANGE} AND ${ofAppliedTypes(target.projection.handles)}`,
      parameters: rangeParameters(range),
      tables: target.tables,
      announce: target.announce,
    },
    isLive(target.tables) ? statements : client,
  );
  const literal = (value: string) => client.escapeLiteral(value);
  const closing = [moveCheckpoint(client, target.checkpoint, end.checkpoint)];
  if (target.announce) {
    const notice = changesPayload({ projection: target.projection.name, upTo: end.checkpoint, events: end.count });
    closing.push(executeNotify(CHANGES_CHANNEL, notice, literal));
  }
  return {
    outcome: { processed: end.count, acquired: true, checkpoint: end.checkpoint, changes, more: end.count >= target.limit, heldBack },
    closing,
  };
}
