import type { PoolClient } from 'pg';
import type { FinalStatements } from '../database';
import { IN_PARAMETER_RANGE, type Checkpoint } from '../event-store';

/**
 * The events a batch covers: everything after `after` up to and including `upTo` in the
 * gap-free (transaction id, position) order. Both ends were read under the xmin horizon, so the
 * range's content is final and every statement of the batch sees the same events.
 */
export interface EventRange {
  readonly after: Checkpoint;
  readonly upTo: Checkpoint;
}

/** The range as SQL parameters $1..$4, for `IN_RANGE`. */
export const rangeParameters = (range: EventRange): [string, number, string, number] => [
  range.after.transactionId,
  range.after.position,
  range.upTo.transactionId,
  range.upTo.position,
];

/** Events of alias `e` inside the range given as $1..$4 by `rangeParameters`. */
export const IN_RANGE = IN_PARAMETER_RANGE;

/**
 * What a projection does with one event type. A projection names every type of the log (the
 * composition root checks it against the union of all features' events), so a new event type fails
 * the build until each projection says whether it applies it.
 */
export type Handling = 'apply' | 'ignore';

export type Handles<Type extends string = string> = Readonly<Record<Type, Handling>>;

/** One batch as `apply` gets it. */
export interface ProjectionBatch {
  readonly range: EventRange;
  /** SQL over alias `e`: the range's events of the types the projection applies, with `parameters`. */
  readonly events: string;
  readonly parameters: unknown[];
  readonly tables: TableNames;
  /** A live batch: return what changed, for the announcement. */
  readonly announce: boolean;
}

/** An event as verify hands it to a projection's `verify`. */
export interface LoggedEvent {
  readonly position: number;
  /** The stream version the event made. */
  readonly version: number;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly at: Date;
}

/** What `verify` works with: one read-only snapshot in which the model and its checkpoint agree. */
export interface VerifyCheck {
  readonly db: Pick<PoolClient, 'query'>;
  /** The events the projection applied (its types, up to its checkpoint), in position order, page by page. */
  events(): AsyncIterable<readonly LoggedEvent[]>;
  /** Notes every field of `expected` that `model` lacks or holds otherwise; the whole row when either is missing. */
  compare<Row extends object>(key: string, model: Row | undefined, expected: Row | undefined): void;
}

/**
 * A read model kept from the events: everything the runtime (live projector, replay, verify,
 * freshness) needs to know about it. `apply` writes the batch's effect into `batch.tables` (the live
 * tables, or a replay's shadow copies) inside the batch transaction, and must be idempotent per
 * stream: an event already reflected (stream version not newer than the row's) changes nothing,
 * which the restore repair relies on. With `batch.announce`, it returns what changed, for the EventBus.
 */
export interface Projection<Change = unknown, Type extends string = string> {
  readonly name: string;
  /** Raised whenever `apply` would write other rows for the same events; the model must then be replayed. */
  readonly version: number;
  readonly handles: Handles<Type>;
  /** The tables it owns, as created by the migrations. */
  readonly tables: readonly string[];
  /**
   * Tables whose keys `apply` needs while a rebuild copies into them (an upsert's conflict
   * target). The others are copied without any index and get their keys afterwards, which is
   * much faster; nothing is applied twice to a shadow table (batch and checkpoint commit together).
   */
  readonly keyedDuringRebuild?: readonly string[];
  /**
   * Its final statement, when it knows it in advance, goes through `transaction.last`: a live batch
   * then commits in the same round trip, so what `apply` does after it (mapping the rows it answered)
   * must not fail.
   */
  apply(batch: ProjectionBatch, transaction: FinalStatements): Promise<readonly Change[]>;
  /**
   * Recomputes the rows from the events independently of `apply`'s SQL (the domain's own fold) and
   * compares them with the tables; how many rows it checked.
   */
  verify(check: VerifyCheck): Promise<number>;
  /** The in-process event published after a live batch commits. */
  announcement(changes: readonly Change[]): object;
}

const EVENT_TYPE_NAME = /^[A-Za-z]\w*$/;

/** SQL: `type` is one of the types the projection applies. */
function isAppliedType(handles: Handles, type: string): string {
  const types = Object.entries(handles).flatMap(([name, handling]) => (handling === 'apply' ? [name] : []));
  const invalid = types.find((name) => !EVENT_TYPE_NAME.test(name));
  if (invalid !== undefined) throw new Error(`"${invalid}" is not an event type name`);
  return types.length === 0 ? 'false' : `${type} IN (${types.map((name) => `'${name}'`).join(', ')})`;
}

/** SQL: events of alias `e` of the types the projection applies, which the `(type, position)` index may find. */
export const ofAppliedTypes = (handles: Handles): string => isAppliedType(handles, 'e.type');

/**
 * SQL: the type of the event of alias `e` as a value, which no index serves. A batch's events are
 * found through their range alone, and their types compared on the rows: compared as the column, the
 * plan a batch statement is prepared with while the planner has no statistics of the log (a new
 * install, a restore, a log growing faster than autovacuum analyses it) ANDs the range with every
 * event of those types in the whole log, a scan that grows with the log (11.8 of the items
 * projection's 16.6 ms for a batch of 180 at 44,000 events).
 */
export const TYPE_OF_ROW = "(e.type || '')";

/** SQL: the events of alias `e` in the range given as $1..$4 (`IN_RANGE`) of the types the projection applies, found through the range. */
export const inRangeOfAppliedTypes = (handles: Handles): string => `${IN_RANGE} AND ${isAppliedType(handles, TYPE_OF_ROW)}`;

/** Where `apply` writes: the live table name mapped to the table to use. */
export type TableNames = (table: string) => string;

export const LIVE_TABLES: TableNames = (table) => table;

/** Applying to the live tables, which may see an event again (restore repair), not to a rebuild's shadow copies. */
export const isLive = (tables: TableNames): boolean => tables === LIVE_TABLES;
