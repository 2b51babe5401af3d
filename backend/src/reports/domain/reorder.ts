/**
 * Reorder suggestions (GET /api/reports/reorder), pure arithmetic. "Use" is what left the shelves for
 * good: OUT movements and the units a stocktake found missing (negative ADJUST); transfers move stock
 * without using it, and receipts and positive adjustments are not use.
 */

/** The windows averaged over, in days. */
export const USE_WINDOWS = [30, 90] as const;

/** Days of stock an order should cover beyond its lead time, unless the request says otherwise. */
export const DEFAULT_COVER_DAYS = 30;

/** An item at or below its reorder point, with the units it used in each window up to now. */
export interface ReorderCandidate {
  readonly itemId: string;
  readonly sku: string;
  readonly name: string;
  readonly unit: string;
  readonly quantity: number;
  readonly reorderPoint: number;
  readonly reorderQuantity: number | null;
  readonly leadTimeDays: number | null;
  readonly price: number | null;
  readonly used30: number;
  readonly used90: number;
}

export interface ReorderLine extends Omit<ReorderCandidate, 'used30' | 'used90'> {
  /** Units used per day over the last 30 and 90 days, two decimals. */
  readonly dailyUse30: number;
  readonly dailyUse90: number;
  /** Days the stock lasts at the higher of the two rates, one decimal; null when nothing was used. */
  readonly daysOfCover: number | null;
  readonly suggestedQuantity: number;
  /** suggestedQuantity × price; null when not priced. */
  readonly estimatedCost: number | null;
}

const rounded = (value: number, decimals: number) => Math.round(value * 10 ** decimals) / 10 ** decimals;

/**
 * The suggestion: enough for the lead time plus `coverDays` at the higher of the two daily rates (so a
 * recent surge and a slower quarter both count), less what is on hand; never below the usual order
 * size, and always enough to lift the stock above the reorder point:
 * `max(reorderQuantity, ⌈rate × (leadTimeDays + coverDays)⌉ − quantity, reorderPoint + 1 − quantity)`.
 * The demand is computed per window as ⌈used × days / window⌉ in whole numbers, free of float error.
 */
export function reorderLine(candidate: ReorderCandidate, coverDays: number): ReorderLine {
  const { used30, used90, ...item } = candidate;
  const [short, long] = USE_WINDOWS;
  const rate = Math.max(used30 / short, used90 / long);
  const days = (item.leadTimeDays ?? 0) + coverDays;
  const demand = Math.max(Math.ceil((used30 * days) / short), Math.ceil((used90 * days) / long));
  const suggestedQuantity = Math.max(item.reorderQuantity ?? 0, demand - item.quantity, item.reorderPoint + 1 - item.quantity);
  return {
    ...item,
    dailyUse30: rounded(used30 / short, 2),
    dailyUse90: rounded(used90 / long, 2),
    daysOfCover: rate === 0 ? null : rounded(item.quantity / rate, 1),
    suggestedQuantity,
    estimatedCost: item.price === null ? null : (Math.round(item.price * 100) * suggestedQuantity) / 100,
  };
}
