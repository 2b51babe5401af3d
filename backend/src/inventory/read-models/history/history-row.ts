import { MAIN_LOCATION_ID, type ItemFields } from '../../domain/item-events';
import type {
  Actor,
  HistoryEntry,
  HistoryEntryType,
  ListedMovementType,
  ListedStockMovement,
  Reversals,
  StockMovementView,
  ThresholdChange,
  TransferEnds,
} from '../../queries/impl/views';

/** A `read_item_history` row as pg returns it. */
export interface HistoryRow {
  position: number;
  item_id: string;
  version: number;
  type: HistoryEntryType;
  at: Date;
  user_id: string | null;
  username: string | null;
  before: ItemFields | null;
  after: ItemFields | null;
  quantity_before: number;
  quantity_after: number;
  quantity: number | null;
  movement_id: string | null;
  reason: string | null;
  note: string | null;
  /** Where a movement moved stock (a transfer: where it took it from), or the location of a threshold; null for `ItemChanged` entries. */
  location_id: string | null;
  /** Where a transfer put the stock; null on every other row. */
  to_location_id: string | null;
  /** The movement a correction reverses; null on every other row. */
  reverses: string | null;
  /** A threshold row's threshold at its location before and after (null: none); null on every other row. */
  threshold_before: number | null;
  threshold_after: number | null;
  /** The correction that reversed this row's movement: only where the read asks for it (REVERSED_BY). */
  reversed_by?: string | null;
}

/** A history row joined with its item's current SKU and name. */
export interface ListedMovementRow extends HistoryRow {
  sku: string;
  item_name: string;
}

export const HISTORY_COLUMNS =
  'position, item_id, version, type, at, user_id, username, before, after, quantity_before, quantity_after, quantity, movement_id, reason, note, location_id, to_location_id, reverses, threshold_before, threshold_after';

/** The column `reversed_by` of the history row aliased `row`: the correction pointing at its movement, if any. */
export const REVERSED_BY = (row: string) =>
  `(SELECT correction.movement_id FROM read_item_history correction WHERE correction.reverses = ${row}.movement_id LIMIT 1) AS reversed_by`;

const actor = (row: HistoryRow): Actor | null => (row.user_id === null ? null : { id: row.user_id, username: row.username ?? '' });

/** A transfer row's id and ends; nothing for any other row. */
const transferEnds = (row: HistoryRow): TransferEnds =>
  row.to_location_id === null
    ? {}
    : { transferId: row.movement_id ?? '', fromLocationId: row.location_id ?? MAIN_LOCATION_ID, toLocationId: row.to_location_id };

/** A threshold row's location and its threshold there before and after; nothing for any other row. */
const thresholdChange = (row: HistoryRow): ThresholdChange =>
  row.type === 'threshold'
    ? { locationId: row.location_id ?? MAIN_LOCATION_ID, thresholdBefore: row.threshold_before, thresholdAfter: row.threshold_after }
    : {};

const reversals = (row: HistoryRow): Reversals => ({
  ...(row.reverses !== null && { reverses: row.reverses }),
  ...(row.reversed_by !== undefined && row.reversed_by !== null && { reversedBy: row.reversed_by }),
});

export function toHistoryEntry(row: HistoryRow): HistoryEntry {
  return {
    position: row.position,
    type: row.type,
    at: row.at.toISOString(),
    user: actor(row),
    before: row.before,
    after: row.after,
    quantityBefore: row.quantity_before,
    quantityAfter: row.quantity_after,
    quantity: row.quantity,
    reason: row.reason,
    note: row.note,
    ...(row.movement_id !== null && { movementId: row.movement_id }),
    ...transferEnds(row),
    ...thresholdChange(row),
    ...reversals(row),
  };
}

export function toStockMovementView(row: HistoryRow): StockMovementView {
  return {
    id: row.movement_id ?? '',
    itemId: row.item_id,
    type: row.type as ListedMovementType,
    quantity: row.quantity ?? 0,
    quantityBefore: row.quantity_before,
    quantityAfter: row.quantity_after,
    reason: row.reason,
    note: row.note,
    locationId: row.location_id ?? MAIN_LOCATION_ID,
    user: actor(row),
    at: row.at.toISOString(),
    position: row.position,
    ...transferEnds(row),
    ...reversals(row),
  };
}

export function toListedStockMovement(row: ListedMovementRow): ListedStockMovement {
  return { ...toStockMovementView(row), item: { sku: row.sku, name: row.item_name } };
}
