/**
 * The stocktakes' events, as stored in the event log. Each stocktake is one stream `stocktake-<uuid>`
 * of `StocktakeChanged` events, one kind per step, as a location's stream is.
 */

const STOCKTAKE_STREAM_PREFIX = 'stocktake-';

export const stocktakeStreamId = (stocktakeId: string) => `${STOCKTAKE_STREAM_PREFIX}${stocktakeId}`;

export interface Counter {
  readonly id: string;
  readonly username: string;
}

export interface StocktakeOpenedData {
  readonly stocktakeId: string;
  readonly kind: 'opened';
  readonly locationId: string;
  /** The lines: every item to count, once each. */
  readonly itemIds: readonly string[];
}

/**
 * A count of one line. `itemVersion` is the version of the item's stream the count was taken against,
 * `position` the global position of that version's event, and `expected` the item's units at the
 * location once that event was applied: the stock the count is compared with.
 */
export interface LineCount {
  readonly counted: number;
  readonly expected: number;
  readonly itemVersion: number;
  readonly position: number;
  /** ISO time. */
  readonly countedAt: string;
  readonly countedBy: Counter;
}

export interface StocktakeLineCountedData extends LineCount {
  readonly stocktakeId: string;
  readonly kind: 'counted';
  readonly itemId: string;
}

/**
 * A counted line as posting settled it: `adjustment` (counted − expected) applied by the movement
 * `movementId` (none when 0) to the units at the location, `quantityBefore` → `quantityAfter`.
 */
export interface PostedLine {
  readonly itemId: string;
  readonly counted: number;
  readonly expected: number;
  readonly adjustment: number;
  readonly countedAt: string;
  readonly movementId: string | null;
  readonly quantityBefore: number;
  readonly quantityAfter: number;
}

export interface StocktakePostedData {
  readonly stocktakeId: string;
  readonly kind: 'posted';
  readonly lines: readonly PostedLine[];
}

export type StocktakeChangedData = StocktakeOpenedData | StocktakeLineCountedData | StocktakePostedData;

export interface StocktakeEvent {
  readonly type: 'StocktakeChanged';
  readonly data: StocktakeChangedData;
}

export type StocktakeEventType = StocktakeEvent['type'];
