import type { Pool, PoolClient, QueryResult } from 'pg';
import { onClient } from '../database';
import {
  executeCheckpoint,
  executeMoveCheckpoint,
  executeNextRange,
  executeRangeTypes,
  executeTakeTurns,
  prepareBatchStatements,
} from './batch-statements';
import { IN_PARAMETER_RANGE, toNextRange, type NextRange, type NextRangeRow } from './next-range';
import { EVENT_COLUMNS, START, toStoredEvent, type Checkpoint, type EventRow, type StoredEvent } from './stored-event';

export type ApplyBatch = (events: readonly StoredEvent[], transaction: PoolClient) => Promise<void>;

export interface BatchResult {
  readonly processed: number;
  /** False when another process holds this consumer's lock; it is doing the work. */
  readonly acquired: boolean;
  readonly checkpoint: Checkpoint | undefined;
  /** The batch stopped at its limit. */
  readonly more: boolean;
  /** Committed events wait behind an older open transaction (see nextRange). */
  readonly heldBack: boolean;
}

export async function ensureCheckpoint(pool: Pool, name: string): Promise<void> {
  await pool.query('INSERT INTO checkpoints (name) VALUES ($1) ON CONFLICT DO NOTHING', [name]);
}

/** The checkpoint row named by `name` (SQL). */
const checkpointRow = (name: string) => `SELECT transaction_id::text, position FROM checkpoints WHERE name = ${name}`;

type CheckpointRow = { transaction_id: string; position: number } | undefined;

/** What the take-turns statement answers: whether each checkpoint's lock was taken. */
interface TurnsRow {
  taken: boolean[];
}

const toCheckpoint = (row: CheckpointRow): Checkpoint | undefined => row && { transactionId: row.transaction_id, position: row.position };

export async function readCheckpoint(db: Pick<Pool, 'query'>, name: string): Promise<Checkpoint | undefined> {
  const { rows } = await db.query<NonNullable<CheckpointRow>>(checkpointRow('$1'), [name]);
  return toCheckpoint(rows[0]);
}

/**
 * Opens a consumer's transaction in one round trip: BEGIN, its checkpoint's lock, then the checkpoint
 * (a statement of its own, so its snapshot sees the move of whoever held the turn before). Undefined
 * when another process holds the turn; the start of the log when the row is missing.
 */
export async function openTurn(client: PoolClient, name: string): Promise<Checkpoint | undefined> {
  const literal = (value: string) => client.escapeLiteral(value);
  await prepareBatchStatements(client);
  const [, turn, checkpoint] = (await client.query(
    `BEGIN; ${executeTakeTurns([name], literal)}; ${executeCheckpoint(name, literal)}`,
  )) as unknown as [QueryResult, QueryResult<TurnsRow>, QueryResult<NonNullable<CheckpointRow>>];
  if (turn.rows[0]?.taken[0] !== true) return undefined;
  return toCheckpoint(checkpoint.rows[0]) ?? START;
}

/** A checkpoint whose next range a batch takes, at most `limit` events and no further than `upTo`. */
export interface BatchTurn {
  readonly checkpoint: string;
  readonly limit: number;
  readonly upTo?: Checkpoint | undefined;
}

/**
 * Opens a batch's transaction in one round trip: BEGIN, each checkpoint's advisory lock and its next
 * range (see nextRange); undefined for a checkpoint whose lock another process holds. What a batch
 * keeps is derived from the log: a commit lost in a crash loses its checkpoint move with it and is
 * applied again, so the transaction does not wait for the WAL flush.
 */
export async function openBatch(client: PoolClient, turns: readonly BatchTurn[]): Promise<(NextRange | undefined)[]> {
  return (await open(client, turns)).ranges;
}

/** A batch opened by openTypedBatch: each turn's range, and the types of the events they hold. */
export interface TypedBatch {
  readonly ranges: readonly (NextRange | undefined)[];
  /** Every type of event the ranges may hold; undefined when more than the limit asked for are readable. */
  readonly types: readonly string[] | undefined;
}

/** openBatch, also answering in the same round trip the types of the events the ranges may hold, when no more than `typesUpTo` are readable (RANGE_TYPES). */
export async function openTypedBatch(client: PoolClient, turns: readonly BatchTurn[], typesUpTo: number): Promise<TypedBatch> {
  const names = turns.map(({ checkpoint }) => checkpoint);
  const { ranges, rest } = await open(client, turns, (literal) => executeRangeTypes(names, typesUpTo, literal));
  const types = (rest[0] as QueryResult<{ types: string[] | null }> | undefined)?.rows[0]?.types;
  return { ranges, types: types ?? undefined };
}

/** BEGIN, the turns and the ranges, then `then`'s statement (given how to write a literal), in one round trip. */
async function open(client: PoolClient, turns: readonly BatchTurn[], then?: (literal: (value: string) => string) => string) {
  const literal = (value: string) => client.escapeLiteral(value);
  await prepareBatchStatements(client);
  const results = (await client.query(
    `BEGIN; SET LOCAL synchronous_commit = off; ${executeTakeTurns(
      turns.map(({ checkpoint }) => checkpoint),
      literal,
    )};
     ${turns.map(({ checkpoint, limit, upTo }) => executeNextRange(checkpoint, limit, upTo, literal)).join(';\n')}${then === undefined ? '' : `;\n${then(literal)}`}`,
  )) as unknown as QueryResult[];
  const taken = (results[2] as QueryResult<TurnsRow> | undefined)?.rows[0]?.taken;
  const ranges = turns.map(({ checkpoint }, n) =>
    taken?.[n] === true ? toNextRange(checkpoint, (results[n + 3] as QueryResult<NextRangeRow> | undefined)?.rows[0]) : undefined,
  );
  return { ranges, rest: results.slice(turns.length + 3) };
}

/**
 * The statement moving checkpoint `name` to `to`, its values written in, to go with the COMMIT in one
 * round trip, on a connection whose batch opened with openBatch or openTurn (or prepareBatchStatements).
 */
export function moveCheckpoint(client: Pick<PoolClient, 'escapeLiteral'>, name: string, to: Checkpoint): string {
  return executeMoveCheckpoint(name, to, (value) => client.escapeLiteral(value));
}

export interface ConsumerBatch {
  /** The consumer's checkpoint row (and lock). */
  readonly name: string;
  /** Most events of the log one batch covers. */
  readonly limit: number;
  /** Only the events of streams whose id starts with this are read and applied; the checkpoint passes the others. */
  readonly streamPrefix: string;
  readonly apply: ApplyBatch;
}

/**
 * Reads the next batch after the consumer's checkpoint, applies it and moves the checkpoint in
 * the same transaction: a crash at any moment leaves both as they were, so nothing is lost and
 * nothing applied twice. A transaction-scoped advisory lock makes replicas take turns instead of
 * applying the same batch; it takes no transaction id, so it holds back no reader's horizon.
 * Only the consumer's own streams travel to Node, however much else the log holds.
 */
export async function consumeNextBatch(pool: Pool, batch: ConsumerBatch): Promise<BatchResult> {
  return onClient(pool, async (client) => {
    const [next] = await openBatch(client, [{ checkpoint: batch.name, limit: batch.limit }]);
    if (!next) {
      await client.query('ROLLBACK');
      return { processed: 0, acquired: false, checkpoint: undefined, more: false, heldBack: false };
    }
    const { after: checkpoint, end, heldBack } = next;
    if (end) {
      const events = await readRange(client, { after: checkpoint, upTo: end.checkpoint }, batch.streamPrefix);
      if (events.length > 0) await batch.apply(events, client);
      await client.query(`${moveCheckpoint(client, batch.name, end.checkpoint)}; COMMIT`);
    } else {
      await client.query('COMMIT');
    }
    const processed = end?.count ?? 0;
    return { processed, acquired: true, checkpoint: end?.checkpoint ?? checkpoint, more: processed >= batch.limit, heldBack };
  });
}

/** The events of streams starting with `streamPrefix` in the range (both ends read under the horizon), in gap-free order. */
async function readRange(client: PoolClient, range: { after: Checkpoint; upTo: Checkpoint }, streamPrefix: string): Promise<StoredEvent[]> {
  const { rows } = await client.query<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM events e
      WHERE ${IN_PARAMETER_RANGE}
        AND starts_with(e.stream_id, $5)
      ORDER BY transaction_id, position`,
    [range.after.transactionId, range.after.position, range.upTo.transactionId, range.upTo.position, streamPrefix],
  );
  return rows.map(toStoredEvent);
}
