import type { LineCount } from './stocktake-events';

/** An item as the edge found it when choosing a stocktake's lines. */
export interface CandidateItem {
  readonly itemId: string;
  readonly status: 'absent' | 'active' | 'archived';
}

/** Ids are generated at the edge, and the item's stream is read there, so that deciding stays pure. */
export type StocktakeCommand =
  | {
      readonly type: 'OpenStocktake';
      readonly data: { readonly stocktakeId: string; readonly locationId: string; readonly items: readonly CandidateItem[] };
    }
  | {
      readonly type: 'CountLine';
      /** `expected`, `itemVersion` and `position`: the item's stream as read when counting (LineCount). */
      readonly data: LineCount & { readonly stocktakeId: string; readonly itemId: string };
    };
