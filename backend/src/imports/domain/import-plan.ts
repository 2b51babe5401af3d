import type { InventoryEvent, Item } from '../../inventory';
import type { LocationsByCode } from './known-locations';

/** What a preview is decided on besides the file. */
export interface PlanInput {
  /** The items the file's SKUs name, by normalised SKU, as their streams are now. */
  readonly existing: ReadonlyMap<string, Item>;
  /** The item streams holding the file's barcodes now. */
  readonly barcodeHolders: ReadonlyMap<string, string>;
  readonly locations: LocationsByCode;
  /** New ids (items, movements) are made at the edge, so that planning stays pure. */
  readonly newId: () => string;
  /** The reason the events carry (a movement row may give its own). */
  readonly reason: string;
}

export type RowAction = 'create' | 'update' | 'unchanged' | 'error';

export interface RowError {
  /** The column (its header as in the file), or `row` for the row as a whole. */
  readonly field: string;
  readonly message: string;
}

export interface RowPreview {
  readonly row: number;
  readonly action: RowAction;
  readonly errors: readonly RowError[];
}

/** One stream's events, decided on the stream as it stood at `expectedVersion`. */
export interface PlannedStream {
  readonly streamId: string;
  readonly expectedVersion: number;
  readonly events: readonly InventoryEvent[];
  /** The file's rows these events come from, to name them when applying finds the stream changed. */
  readonly rows: readonly number[];
}

export interface ImportSummary {
  readonly rows: number;
  readonly create: number;
  readonly update: number;
  readonly unchanged: number;
  readonly error: number;
  /** Events applying would append. */
  readonly events: number;
  /** About the file as a whole, e.g. columns it has that are not imported. */
  readonly warnings: readonly string[];
}

/** What a preview decided: each row's action, and the streams applying would append to. */
export interface ImportPlan {
  readonly rows: readonly RowPreview[];
  readonly streams: readonly PlannedStream[];
  readonly summary: ImportSummary;
}

export function summarise(rows: readonly RowPreview[], streams: readonly PlannedStream[], warnings: readonly string[]): ImportSummary {
  const count = (action: RowAction) => rows.filter((row) => row.action === action).length;
  return {
    rows: rows.length,
    create: count('create'),
    update: count('update'),
    unchanged: count('unchanged'),
    error: count('error'),
    events: streams.reduce((sum, stream) => sum + stream.events.length, 0),
    warnings,
  };
}
