import type { PoolClient } from 'pg';
import type { Checkpoint } from '../event-store/stored-event';

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
export const IN_RANGE = `(e.transaction_id, e.position) > ($1::xid8, $2::bigint)
     AND (e.transaction_id, e.position) <= ($3::xid8, $4::bigint)`;

/**
 * A read model kept from the events. `apply` writes the batch's effect into `tables` (the live
 * tables, or a replay's shadow copies) inside the batch transaction, and must be idempotent per
 * stream: an event already reflected (stream version not newer than the row's) changes nothing,
 * which the restore repair relies on. With `announce`, it returns what changed, for the EventBus.
 */
export interface Projection<Change = unknown> {
  readonly name: string;
  /** The tables it owns, as created by the migrations. */
  readonly tables: readonly string[];
  /**
   * Tables whose keys `apply` needs while a rebuild copies into them (an upsert's conflict
   * target). The others are copied without any index and get their keys afterwards, which is
   * much faster; nothing is applied twice to a shadow table (batch and checkpoint commit together).
   */
  readonly keyedDuringRebuild?: readonly string[];
  apply(range: EventRange, transaction: PoolClient, tables: TableNames, announce: boolean): Promise<readonly Change[]>;
  /** The in-process event published after a live batch commits. */
  announcement(changes: readonly Change[]): object;
}

/** Where `apply` writes: the live table name mapped to the table to use. */
export type TableNames = (table: string) => string;

export const LIVE_TABLES: TableNames = (table) => table;

/** Applying to the live tables, which may see an event again (restore repair), not to a rebuild's shadow copies. */
export const isLive = (tables: TableNames): boolean => tables === LIVE_TABLES;
