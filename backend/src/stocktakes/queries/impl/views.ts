/** Who did something, from the event. */
export interface StocktakeActor {
  readonly id: string;
  readonly username: string;
}

export type StocktakeStatus = 'open' | 'posted';

/**
 * One line as GET /api/stocktakes/:id shows it. Counts are blind: `expected` (the stock at the
 * location when the line was counted) and `variance` (counted − expected) are for managers only.
 */
export interface StocktakeLineView {
  readonly itemId: string;
  readonly sku: string;
  readonly name: string;
  readonly unit: string;
  readonly counted: number | null;
  /** ISO time. */
  readonly countedAt: string | null;
  readonly countedBy: StocktakeActor | null;
  /** The global position the count was taken at. */
  readonly countedPosition: number | null;
  readonly expected?: number | null;
  readonly variance?: number | null;
}

export interface StocktakeSummary {
  readonly id: string;
  readonly locationId: string;
  readonly locationCode: string;
  readonly status: StocktakeStatus;
  /** ISO times. */
  readonly openedAt: string;
  readonly openedBy: StocktakeActor | null;
  readonly postedAt: string | null;
  readonly lineCount: number;
  readonly countedCount: number;
}

export interface StocktakeView extends StocktakeSummary {
  readonly lines: readonly StocktakeLineView[];
}

/** The data of a `stocktake.changed` live message. */
export interface StocktakeChange {
  readonly id: string;
  readonly kind: 'opened' | 'counted' | 'posted';
  readonly status: StocktakeStatus;
  /** The line counted, for `counted`. */
  readonly itemId: string | null;
}

/** What POST /api/stocktakes answers. */
export interface OpenedStocktake {
  readonly id: string;
  readonly locationId: string;
  readonly status: 'open';
  readonly lines: readonly { readonly itemId: string }[];
}

/** What PUT /api/stocktakes/:id/lines/:itemId answers: the count as recorded, without the stock it is compared with. */
export interface CountedLine {
  readonly stocktakeId: string;
  readonly itemId: string;
  readonly counted: number;
  readonly countedAt: string;
  readonly countedPosition: number;
}

/** A line of a posting or its preview: the variance in units and in value (null for an unpriced item). */
export interface PostingLine {
  readonly itemId: string;
  readonly sku: string;
  readonly name: string;
  readonly counted: number;
  readonly expected: number;
  readonly variance: number;
  /** The units at the location before posting, and once posted. */
  readonly quantityBefore: number;
  readonly quantityAfter: number;
  readonly varianceValue: number | null;
  /** The ADJUST movement posting appends (appended), or would append (preview); null without variance. */
  readonly movementId: string | null;
}

/** What POST /api/stocktakes/:id/post answers, and previews with `?dryRun=true`. */
export interface Posting {
  readonly id: string;
  readonly status: StocktakeStatus;
  readonly dryRun: boolean;
  readonly lines: readonly PostingLine[];
  readonly totalVariance: number;
  readonly totalValue: number;
}
