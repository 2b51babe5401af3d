import type { LineCount, PostedLine, StocktakeEvent } from './stocktake-events';

/** A stocktake's state folded from its stream; `version` is the number of events folded. */
export type Stocktake =
  | { readonly status: 'absent'; readonly version: number }
  | {
      readonly status: 'open' | 'posted';
      readonly version: number;
      readonly id: string;
      readonly locationId: string;
      /** Every line in the order opened, with its last count once taken. */
      readonly lines: ReadonlyMap<string, LineCount | null>;
      /** The lines as posting settled them; empty while open. */
      readonly settled: readonly PostedLine[];
    };

export const initialStocktake = (): Stocktake => ({ status: 'absent', version: 0 });

export function evolve(stocktake: Stocktake, { data }: StocktakeEvent): Stocktake {
  const version = stocktake.version + 1;
  if (data.kind === 'opened') {
    return {
      status: 'open',
      version,
      id: data.stocktakeId,
      locationId: data.locationId,
      lines: new Map(data.itemIds.map((id) => [id, null])),
      settled: [],
    };
  }
  if (stocktake.status === 'absent') return { ...stocktake, version };
  if (data.kind === 'posted') return { ...stocktake, version, status: 'posted', settled: data.lines };
  const { counted, expected, itemVersion, position, countedAt, countedBy } = data;
  return {
    ...stocktake,
    version,
    lines: new Map(stocktake.lines).set(data.itemId, { counted, expected, itemVersion, position, countedAt, countedBy }),
  };
}

export const fold = (events: readonly StocktakeEvent[]): Stocktake => events.reduce(evolve, initialStocktake());
